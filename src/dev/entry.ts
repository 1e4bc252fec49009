/**
 * The dev tools main() loads in local mode only, through a dynamic import (src/local-mode.ts): the
 * production build leaves this folder out.
 */
import type { DevTools } from '../local-mode.js';
import { startLocalSlack, withLocalSlack } from './local-mode.js';
import { ensureRedis } from './local-redis.js';

export const devTools = { ensureRedis, startLocalSlack, withLocalSlack } satisfies DevTools;
