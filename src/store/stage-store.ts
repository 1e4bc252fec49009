import type { Redis } from 'ioredis';
import type { ZodType } from 'zod';
import { StageRun } from '../domain/stage-run.js';
import type { Keys } from './keys.js';

export interface StageStore {
  putRun(incidentId: string, run: StageRun): Promise<void>;
  runs(incidentId: string): Promise<StageRun[]>;
  /** A finished stage's output: a retried job reads it back instead of judging again. */
  putOutput(incidentId: string, stageKey: string, output: unknown): Promise<void>;
  output<T>(incidentId: string, stageKey: string, schema: ZodType<T>): Promise<T | undefined>;
  outputs<T>(incidentId: string, stageKeys: string[], schema: ZodType<T>): Promise<T[]>;
  putTelemetry(incidentId: string, snapshot: unknown): Promise<void>;
  telemetry<T>(incidentId: string, schema: ZodType<T>): Promise<T | undefined>;
}

const TELEMETRY_TTL_SECONDS = 7 * 24 * 3600;

export function createStageStore(redis: Redis, keys: Keys): StageStore {
  return {
    async putRun(incidentId, run) {
      await redis.hset(keys.stages(incidentId), run.key, JSON.stringify(run));
    },

    async runs(incidentId) {
      const all = await redis.hgetall(keys.stages(incidentId));
      return Object.values(all)
        .map((raw) => StageRun.parse(JSON.parse(raw)))
        .sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key));
    },

    async putOutput(incidentId, stageKey, output) {
      await redis.hset(keys.outputs(incidentId), stageKey, JSON.stringify(output));
    },

    async output(incidentId, stageKey, schema) {
      const raw = await redis.hget(keys.outputs(incidentId), stageKey);
      return raw == null ? undefined : schema.parse(JSON.parse(raw));
    },

    async outputs(incidentId, stageKeys, schema) {
      if (stageKeys.length === 0) return [];
      const raws = await redis.hmget(keys.outputs(incidentId), ...stageKeys);
      return raws.flatMap((raw) => (raw == null ? [] : [schema.parse(JSON.parse(raw))]));
    },

    async putTelemetry(incidentId, snapshot) {
      await redis.set(keys.telemetry(incidentId), JSON.stringify(snapshot), 'EX', TELEMETRY_TTL_SECONDS);
    },

    async telemetry(incidentId, schema) {
      const raw = await redis.get(keys.telemetry(incidentId));
      return raw == null ? undefined : schema.parse(JSON.parse(raw));
    },
  };
}
