import type { Logger } from '../log.js';
import type { Redis } from './redis.js';

/** Anything that reports errors as an `error` event: BullMQ queues, flow producers, workers, ioredis. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * One log line when Redis becomes unreachable and one when it answers again, however many
 * connections, queues and workers fail in between (each would otherwise log every retry, or print
 * raw lines to the console when nothing listens). Errors that are not about the connection are
 * logged as they come.
 */
export interface RedisOutageLog {
  /** Listens for `emitter`'s errors; `source` names it in the log. */
  watch(source: string, emitter: ErrorEmitter): void;
  /** True between the outage's first line and its recovery line. */
  readonly down: boolean;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Errors that say Redis cannot be reached, as ioredis and BullMQ word them. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|Reached the max retries per request limit/.test(
      error.message,
    )
  );
}

/**
 * `primary` (the process's command connection) decides when an outage starts and ends: it keeps
 * reconnecting on its own, so it errs while Redis is away and turns ready as soon as it is back.
 */
export function createRedisOutageLog(
  logger: Logger,
  primary: Redis,
  now: () => number = Date.now,
): RedisOutageLog {
  let downSince: number | undefined;
  let suppressed = 0;

  const report = (source: string, error: Error) => {
    if (!isConnectionError(error)) {
      logger.error({ err: error, source }, `${source} error`);
      return;
    }
    // Another connection's retry during an outage already logged, or a late one after it ended.
    if (downSince !== undefined || source !== 'redis') {
      suppressed += 1;
      return;
    }
    downSince = now();
    suppressed = 0;
    logger.error(
      { err: error, source },
      'Redis unreachable: queues and workers wait and retry (logged once until it answers again)',
    );
  };

  primary.on('error', (error: Error) => report('redis', error));
  primary.on('ready', () => {
    if (downSince === undefined) return;
    logger.warn(
      { downForMs: now() - downSince, errorsSuppressed: suppressed },
      'Redis reachable again: queues and workers resume',
    );
    downSince = undefined;
    suppressed = 0;
  });

  return {
    watch(source, emitter) {
      emitter.on('error', (error) => report(source, error));
    },
    get down() {
      return downSince !== undefined;
    },
  };
}
