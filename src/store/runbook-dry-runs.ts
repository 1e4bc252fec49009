import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

/** How long a `/runbook dry-run` result waits for its private reply before it is forgotten. */
const RESULT_TTL_SECONDS = 3600;

/** `/runbook dry-run` results, kept until the outbox has answered the person who asked. */
export interface RunbookDryRuns {
  put(requestId: string, result: unknown): Promise<void>;
  get(requestId: string): Promise<unknown>;
  /** False when the reply was already sent (a retried reply job). */
  replied(requestId: string): Promise<boolean>;
  markReplied(requestId: string): Promise<void>;
}

export function createRunbookDryRuns(redis: Redis, keys: Keys): RunbookDryRuns {
  return {
    async put(requestId, result) {
      const key = keys.runbookDryRun(requestId);
      await redis.multi().hset(key, 'result', JSON.stringify(result)).expire(key, RESULT_TTL_SECONDS).exec();
    },
    async get(requestId) {
      const raw = await redis.hget(keys.runbookDryRun(requestId), 'result');
      return raw === null ? undefined : (JSON.parse(raw) as unknown);
    },
    async replied(requestId) {
      return (await redis.hexists(keys.runbookDryRun(requestId), 'replied')) === 1;
    },
    async markReplied(requestId) {
      await redis.hset(keys.runbookDryRun(requestId), 'replied', '1');
    },
  };
}
