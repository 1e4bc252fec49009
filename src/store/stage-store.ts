import type { Redis } from 'ioredis';
import type { ZodType } from 'zod';
import { StageRun } from '../domain/stage-run.js';
import type { Keys } from './keys.js';

export interface StageStore {
  putRun(incidentId: string, run: StageRun): Promise<void>;
  removeRun(incidentId: string, key: string): Promise<void>;
  runs(incidentId: string): Promise<StageRun[]>;
  /** A finished stage's output: a retried job reads it back instead of judging again. */
  putOutput(incidentId: string, stageKey: string, output: unknown): Promise<void>;
  output<T>(incidentId: string, stageKey: string, schema: ZodType<T>): Promise<T | undefined>;
  outputs<T>(incidentId: string, stageKeys: string[], schema: ZodType<T>): Promise<T[]>;
  putTelemetry(incidentId: string, snapshot: unknown): Promise<void>;
  telemetry<T>(incidentId: string, schema: ZodType<T>): Promise<T | undefined>;
}

const TELEMETRY_TTL_SECONDS = 7 * 24 * 3600;
const CACHED_OUTPUTS = 2_000;

/**
 * Stage outputs and telemetry are written once and never change, so this process keeps the ones
 * it wrote or read: the next stage usually runs here too and skips a round trip and a parse.
 */
function createWriteOnceCache(limit: number) {
  const entries = new Map<string, unknown>();
  return {
    get: (key: string) => entries.get(key),
    set(key: string, value: unknown) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    },
  };
}

export function createStageStore(redis: Redis, keys: Keys): StageStore {
  const cache = createWriteOnceCache(CACHED_OUTPUTS);
  const cacheKey = (incidentId: string, stageKey: string) => `${incidentId}/${stageKey}`;

  async function readOnce<T>(key: string, read: () => Promise<string | null>, schema: ZodType<T>) {
    const cached = cache.get(key);
    if (cached !== undefined) return cached as T;
    const raw = await read();
    if (raw == null) return undefined;
    const value = schema.parse(JSON.parse(raw));
    cache.set(key, value);
    return value;
  }

  function output<T>(incidentId: string, stageKey: string, schema: ZodType<T>): Promise<T | undefined> {
    return readOnce(
      cacheKey(incidentId, stageKey),
      () => redis.hget(keys.outputs(incidentId), stageKey),
      schema,
    );
  }

  return {
    async putRun(incidentId, run) {
      await redis.hset(keys.stages(incidentId), run.key, JSON.stringify(run));
    },

    async removeRun(incidentId, key) {
      await redis.hdel(keys.stages(incidentId), key);
    },

    async runs(incidentId) {
      const all = await redis.hgetall(keys.stages(incidentId));
      return Object.values(all)
        .map((raw) => StageRun.parse(JSON.parse(raw)))
        .sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key));
    },

    async putOutput(incidentId, stageKey, output) {
      cache.set(cacheKey(incidentId, stageKey), output);
      await redis.hset(keys.outputs(incidentId), stageKey, JSON.stringify(output));
    },

    output,

    async outputs(incidentId, stageKeys, schema) {
      const values = await Promise.all(stageKeys.map((stageKey) => output(incidentId, stageKey, schema)));
      return values.filter((value): value is NonNullable<typeof value> => value !== undefined);
    },

    async putTelemetry(incidentId, snapshot) {
      cache.set(cacheKey(incidentId, 'telemetry'), snapshot);
      await redis.set(keys.telemetry(incidentId), JSON.stringify(snapshot), 'EX', TELEMETRY_TTL_SECONDS);
    },

    telemetry(incidentId, schema) {
      return readOnce(cacheKey(incidentId, 'telemetry'), () => redis.get(keys.telemetry(incidentId)), schema);
    },
  };
}
