/**
 * Local mode, seen from the composition root: with no SLACK_BOT_TOKEN a local Slack (the emulator
 * and the playground) stands in for Slack, and with no REDIS_URL a Redis is found or started. Those
 * dev tools live in src/dev and are loaded here only then, through a dynamic import whose
 * specifier is not a literal: the production build (tsconfig.prod.json) never reaches src/dev,
 * and its image carries neither the emulator nor `ws`.
 */
import type { CustomRoute } from '@slack/bolt';
import type { Config } from './config.js';
import type { Logger } from './log.js';

export interface LocalSlackOptions {
  /** The emulator's port; 0 picks a free loopback one. */
  port: number;
  logger: Logger;
  /** HOST, when set: the playground answers under that name too. */
  host?: string;
}

export interface LocalSlack {
  /** Web API base for the app's clients (`slackApiUrl`), ending in `/api/`. */
  apiUrl: string;
  botToken: string;
  /** The secret the app verifies requests with; the playground signs with it. */
  signingSecret: string;
  botId: string;
  botUserId: string;
  /** The playground's channel: a good SLACK_INCIDENT_CHANNEL, so alerts show up on the page. */
  channelId: string;
  /** The page and its API, to mount as custom routes on the app's own port. */
  routes: CustomRoute[];
  /** Tells the playground where the app listens, once it does. */
  attach(appUrl: string): void;
  close(): Promise<void>;
}

export interface LocalRedis {
  url: string;
  /** Stops a Redis started for this process; does nothing otherwise. */
  stop(): Promise<void>;
}

/** What src/dev/entry.ts exports as `devTools`. */
export interface DevTools {
  ensureRedis(url: undefined, logger: Logger): Promise<LocalRedis>;
  startLocalSlack(options: LocalSlackOptions): Promise<LocalSlack>;
  withLocalSlack(config: Config, local: LocalSlack): Config;
}

/** A variable, not a literal: tsc and bundlers then leave src/dev out of the static graph. */
const DEV_ENTRY = './dev/entry.js';
/** Where DESIGN.md says Redis is when REDIS_URL is unset and no dev tools can look further. */
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function isDevTools(value: unknown): value is DevTools {
  if (typeof value !== 'object' || value === null) return false;
  return ['ensureRedis', 'startLocalSlack', 'withLocalSlack'].every(
    (name) => typeof (value as Record<string, unknown>)[name] === 'function',
  );
}

/** The dev tools, or undefined in a production build, which leaves them out. */
export async function loadDevTools(entry = DEV_ENTRY): Promise<DevTools | undefined> {
  let loaded: unknown;
  try {
    loaded = await import(new URL(entry, import.meta.url).href);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    // The entry itself is missing: a production build. Something it needs is missing: no dev dependencies.
    if (String(error).includes(entry.replace(/^\.\//, ''))) return undefined;
    throw new Error(
      'Local mode needs the dev dependencies (the emulator uses ws, the playground esbuild): run npm install without --omit=dev, or set SLACK_BOT_TOKEN and REDIS_URL.',
      { cause: error },
    );
  }
  const tools = typeof loaded === 'object' && loaded !== null ? Reflect.get(loaded, 'devTools') : undefined;
  if (!isDevTools(tools)) throw new Error(`${entry} does not export the dev tools main() needs`);
  return tools;
}

/** REDIS_URL; else (dev tools at hand) a Redis found on this machine or started for this process. */
export async function redisFor(
  config: Config,
  logger: Logger,
  dev: () => Promise<DevTools | undefined>,
): Promise<LocalRedis> {
  if (config.REDIS_URL) return { url: config.REDIS_URL, stop: async () => {} };
  // Behind Sentinel or on a Cluster Redis is given (REDIS_URL only carries credentials): never
  // looked for nor started here.
  if (config.REDIS_SENTINELS.length > 0 || config.REDIS_CLUSTER_NODES.length > 0) {
    return { url: DEFAULT_REDIS_URL, stop: async () => {} };
  }
  const tools = await dev();
  return tools ? tools.ensureRedis(undefined, logger) : { url: DEFAULT_REDIS_URL, stop: async () => {} };
}

/** No SLACK_BOT_TOKEN: the local Slack, or a clear refusal from a build that has no dev tools. */
export async function localSlackFor(
  config: Config,
  logger: Logger,
  dev: () => Promise<DevTools | undefined>,
): Promise<{ local: LocalSlack; tools: DevTools } | undefined> {
  if (config.SLACK_BOT_TOKEN) return undefined;
  const tools = await dev();
  if (!tools)
    throw new Error(
      'SLACK_BOT_TOKEN is unset and this production build has no local mode (src/dev is left out): set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.',
    );
  const local = await tools.startLocalSlack({
    port: 0,
    logger,
    ...(config.HOST ? { host: config.HOST } : {}),
  });
  return { local, tools };
}
