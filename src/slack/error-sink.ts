import { randomBytes } from 'node:crypto';
import { WarroomError } from '../errors.js';
import type { Logger } from '../log.js';

/**
 * The one place Slack-facing failures go: logged with a short reference, and a sentence a person
 * can act on, which names that reference so on-call can grep the logs for it.
 */
export function reportToUser(logger: Logger, error: unknown, context: Record<string, unknown>): string {
  const ref = randomBytes(4).toString('hex');
  logger.error({ err: error, ref, ...context }, 'slack request failed');
  if (error instanceof WarroomError && !error.retryable && error.httpStatus < 500) {
    return `${error.message} (ref ${ref})`;
  }
  if (error instanceof WarroomError && error.code === 'redis_unavailable') {
    return `Warroom cannot reach its store (Redis) right now (ref ${ref}). Nothing was changed; try again in a minute, and if it persists, search the logs for ${ref}.`;
  }
  return `Something went wrong (ref ${ref}). Nothing was changed; try again, and if it persists, search the logs for ${ref}.`;
}
