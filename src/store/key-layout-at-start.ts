import type { Logger } from '../log.js';
import { type KeyLayoutOptions, logKeyLayoutOutcome, migrateKeyLayout } from './key-layout-migration.js';
import type { Keys } from './keys.js';
import { type Redis, untilRedisAnswers } from './redis.js';

const REDIS_LOOK_MS = 200;

/**
 * The key layout at start, for every role. When Redis answers now, old-layout keys are moved (or
 * another process's move is waited for) before this resolves, so nothing reads or writes a key
 * before it has its name. When Redis does not answer yet, the process still starts (health is
 * served) and `ready` resolves once Redis answers and the layout is current: work starts then.
 * `ready` resolves false when `signal` aborts first (a shutdown).
 */
export async function keyLayoutAtStart(
  redis: Redis,
  keys: Keys,
  logger: Logger,
  options: KeyLayoutOptions & { signal: AbortSignal },
): Promise<{ now: boolean; ready: Promise<boolean> }> {
  const migrate = async () => {
    logKeyLayoutOutcome(logger, keys.prefix, await migrateKeyLayout(redis, keys, options));
    return true;
  };
  const answers = await redis.ping().then(
    (pong) => pong === 'PONG',
    () => false,
  );
  if (answers) {
    const ready = await migrate();
    return { now: true, ready: Promise.resolve(ready) };
  }
  // Quiet: the health monitor's schedule says it waits for Redis; this only looks often.
  const ready = untilRedisAnswers(redis, {
    everyMs: REDIS_LOOK_MS,
    signal: options.signal,
    onWaiting: () => undefined,
  })
    .then((answered) => (answered ? migrate() : false))
    .catch((error: unknown) => {
      logger.error({ err: error }, 'could not bring Redis keys to the current layout; restart to try again');
      return false;
    });
  return { now: false, ready };
}
