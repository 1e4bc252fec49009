import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { Status } from '../../src/domain/status.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { createLogger, type Logger } from '../../src/log.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import type { RedisEndpoint } from '../../src/store/redis-endpoint.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** Each test gets its own key prefix, so suites can share one Redis and clean up after themselves. */
export function uniquePrefix(label = 't'): string {
  return `wrtest-${label}-${randomBytes(4).toString('hex')}`;
}

export function silentLogger(): Logger {
  return createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

export async function deleteKeysWithPrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export interface TestRuntime extends Runtime {
  prefix: string;
  /** Closes workers, queues and connections, then deletes every key under the prefix. */
  dispose(): Promise<void>;
}

export function createTestRuntime(overrides: Partial<RuntimeOptions> = {}): TestRuntime {
  const redisUrl = testRedisUrl();
  const prefix = overrides.prefix ?? uniquePrefix();
  const runtime = createRuntime({ redisUrl, prefix, logger: silentLogger(), ...overrides });
  return Object.assign(runtime, {
    prefix,
    async dispose() {
      await runtime.close();
      await deleteKeysWithPrefix(redisUrl, prefix);
    },
  });
}

/**
 * A runtime on a Redis of the test's own (Sentinel or Cluster): no password, database 0; its keys
 * go with the servers, so there is nothing to clean up but the runtime.
 */
export function createRuntimeOn(
  where: Omit<RedisEndpoint, 'url'>,
  label: string,
  overrides: Partial<RuntimeOptions> = {},
): Runtime {
  const url = 'redis://127.0.0.1';
  return createRuntime({
    redisUrl: url,
    redisEndpoint: { url, ...where },
    prefix: uniquePrefix(label),
    logger: silentLogger(),
    ...overrides,
  });
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 15_000, intervalMs = 25, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export function waitForStatus(
  runtime: Runtime,
  incidentId: string,
  statuses: readonly Status[],
  timeoutMs = 15_000,
): Promise<Ticket> {
  return waitFor(
    async () => {
      const ticket = await runtime.ctx.tickets.get(incidentId);
      return ticket && statuses.includes(ticket.status) ? ticket : undefined;
    },
    { timeoutMs, what: `${incidentId} to reach ${statuses.join(' or ')}` },
  );
}
