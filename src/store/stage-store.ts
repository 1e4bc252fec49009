import type { ZodType } from 'zod';
import { StageRun } from '../domain/stage-run.js';
import type { Status } from '../domain/status.js';
import { Ticket } from '../domain/ticket.js';
import { PermanentError } from '../errors.js';
import { createBoundedCache } from './bounded-cache.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';
import { TICKET_STATUS_FIELD, ticketWithJoined } from './ticket-store.js';
import { TIMELINE_MAX_ENTRIES, timelineFields } from './timeline-store.js';

export interface StageStart {
  /** The ticket as it was when the stage asked to start. */
  ticket: Ticket;
  /** False when the ticket's status was not one the stage runs in: nothing was written. */
  started: boolean;
}

export interface StageStore {
  /**
   * In one step: reads the ticket and, if its status is one of `runsWhile`, records `run` and a
   * `stage.started` timeline entry. A person who closes the incident meanwhile is never raced.
   */
  start(incidentId: string, run: StageRun, runsWhile: readonly Status[]): Promise<StageStart>;
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

export function createStageStore(redis: Redis, keys: Keys): StageStore {
  // Stage outputs and telemetry are written once and never change, so this process keeps the ones
  // it wrote or read: the next stage usually runs here too and skips a round trip and a parse.
  const cache = createBoundedCache<unknown>(CACHED_OUTPUTS);
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
    async start(incidentId, run, runsWhile) {
      const entry = { stage: run.key, attempt: run.attempt };
      const at = run.startedAt ? new Date(run.startedAt) : new Date();
      const reply = (await withScripts(redis).warroomStartStage(
        keys.ticket(incidentId),
        keys.stages(incidentId),
        keys.timeline(incidentId),
        TICKET_STATUS_FIELD,
        runsWhile.join(' '),
        run.key,
        JSON.stringify(run),
        String(TIMELINE_MAX_ENTRIES),
        ...timelineFields('stage.started', entry, { now: at }),
      )) as [string, number, string] | null;
      if (!reply) throw new PermanentError('not_found', `No incident ${incidentId}`, { httpStatus: 404 });
      return {
        ticket: ticketWithJoined(Ticket.parse(JSON.parse(reply[0])), reply[2]),
        started: reply[1] === 1,
      };
    },

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
