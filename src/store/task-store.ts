import { z } from 'zod';
import { TaskRun, TaskRunStatus, taskRunKey } from '../domain/task-run.js';
import type { Keys } from './keys.js';
import { createMessageRecords, type MessageRecords } from './message-records.js';
import { onReplica, type Redis } from './redis.js';
import { createStepRecords, type StepRecords } from './step-records.js';

/** A day's runs, decisions and message records stay a week: the digest of last week still updates. */
const KEEP_SECONDS = 8 * 24 * 3600;

/** `expired`: nobody decided in time, or a newer run of the task asks instead (`by` says which). */
export const TaskDecision = z.object({
  kind: z.enum(['approved', 'rejected', 'expired']),
  by: z.string(),
  at: z.string(),
});
export type TaskDecision = z.infer<typeof TaskDecision>;

const Paused = z.object({ by: z.string(), at: z.string() });

/** A schedule the kill switch removed, as BullMQ had it. */
const Suspended = z.object({ pattern: z.string(), tz: z.string().optional() });
export type SuspendedSchedule = z.infer<typeof Suspended>;
export type TaskPause = z.infer<typeof Paused>;

export const TaskState = z.object({
  last: z.object({ day: z.string(), runId: z.string(), status: TaskRunStatus, at: z.string() }).optional(),
  /** The incident its failures opened: later failures join it while it is open. */
  incidentId: z.string().optional(),
  /** The run whose approval is still open, if any: a newer run replaces it. */
  awaiting: z.object({ day: z.string(), runId: z.string() }).optional(),
});
export type TaskState = z.infer<typeof TaskState>;

/** Routine tasks' state in Redis: pauses by hand, runs per day, decisions and private replies. */
export interface TaskStore {
  /** False when it was already paused. */
  pause(taskId: string, by: string, at: Date): Promise<boolean>;
  /** False when it was not paused. */
  resume(taskId: string): Promise<boolean>;
  paused(): Promise<Map<string, TaskPause>>;
  /** Keeps the schedules the kill switch is about to remove, so `off` can put back every process's. */
  suspend(schedules: ReadonlyMap<string, SuspendedSchedule>): Promise<void>;
  suspended(): Promise<Map<string, SuspendedSchedule>>;
  unsuspend(taskIds: readonly string[]): Promise<void>;
  /** Records a new run; a run already recorded under the same key stays, and is answered. */
  startRun(run: TaskRun): Promise<TaskRun>;
  putRun(run: TaskRun): Promise<void>;
  run(day: string, taskId: string, runId: string): Promise<TaskRun | undefined>;
  runsOf(day: string): Promise<TaskRun[]>;
  /** The first decision wins atomically: the one that stands, and whether it is this one. */
  decide(run: TaskRun, decision: TaskDecision): Promise<{ won: boolean; decision: TaskDecision }>;
  decisionOf(run: TaskRun): Promise<TaskDecision | undefined>;
  /** True once per run: the private answer to `/task run` is sent at most once. */
  claimReply(run: TaskRun): Promise<boolean>;
  state(taskId: string): Promise<TaskState>;
  states(): Promise<Map<string, TaskState>>;
  updateState(taskId: string, change: (state: TaskState) => TaskState): Promise<TaskState>;
  /** The runner's at-most-once records, one hash per run (`<task>.<run>` as the runner's id). */
  stepRecords: StepRecords;
  /** Expires a finished run's step records with its day. */
  settleStepRecords(runKey: string): Promise<void>;
  /** The day's digest and approval messages, kept as an incident's are (no thread routing). */
  messages: MessageRecords;
}

const runField = (runKey: string) => `run:${runKey}`;
const decisionField = (runKey: string) => `decision:${runKey}`;
const replyField = (runKey: string) => `replied:${runKey}`;

export function createTaskStore(redis: Redis, keys: Keys): TaskStore {
  const touch = (day: string) => redis.expire(keys.taskRuns(day), KEEP_SECONDS);
  const readState = (raw: string | null | undefined): TaskState =>
    raw ? TaskState.parse(JSON.parse(raw)) : {};
  const records = createMessageRecords(redis, { ...keys, slackMessages: keys.taskMessages });
  return {
    async pause(taskId, by, at) {
      return (
        (await redis.hsetnx(keys.taskPaused, taskId, JSON.stringify({ by, at: at.toISOString() }))) === 1
      );
    },
    async resume(taskId) {
      return (await redis.hdel(keys.taskPaused, taskId)) === 1;
    },
    async paused() {
      const raw = await redis.hgetall(keys.taskPaused);
      return new Map(Object.entries(raw).map(([id, value]) => [id, Paused.parse(JSON.parse(value))]));
    },
    async suspend(schedules) {
      if (schedules.size === 0) return;
      await redis.hset(
        keys.taskSuspended,
        Object.fromEntries([...schedules].map(([id, schedule]) => [id, JSON.stringify(schedule)])),
      );
    },
    async suspended() {
      const raw = await redis.hgetall(keys.taskSuspended);
      return new Map(Object.entries(raw).map(([id, value]) => [id, Suspended.parse(JSON.parse(value))]));
    },
    async unsuspend(taskIds) {
      if (taskIds.length > 0) await redis.hdel(keys.taskSuspended, ...taskIds);
    },
    async startRun(run) {
      const key = keys.taskRuns(run.day);
      const set = await redis.hsetnx(key, runField(taskRunKey(run)), JSON.stringify(run));
      await touch(run.day);
      if (set === 1) return run;
      return TaskRun.parse(JSON.parse((await redis.hget(key, runField(taskRunKey(run)))) ?? '{}'));
    },
    async putRun(run) {
      await redis.hset(keys.taskRuns(run.day), runField(taskRunKey(run)), JSON.stringify(run));
      await touch(run.day);
    },
    async run(day, taskId, runId) {
      const raw = await redis.hget(keys.taskRuns(day), runField(taskRunKey({ taskId, runId })));
      return raw ? TaskRun.parse(JSON.parse(raw)) : undefined;
    },
    async runsOf(day) {
      const raw = await redis.hgetall(keys.taskRuns(day));
      return Object.entries(raw)
        .filter(([field]) => field.startsWith('run:'))
        .map(([, value]) => TaskRun.parse(JSON.parse(value)))
        .sort((left, right) => left.startedAt.localeCompare(right.startedAt));
    },
    async decide(run, decision) {
      const key = keys.taskRuns(run.day);
      const won = (await redis.hsetnx(key, decisionField(taskRunKey(run)), JSON.stringify(decision))) === 1;
      if (won) await onReplica(redis, key);
      const stands = await redis.hget(key, decisionField(taskRunKey(run)));
      return { won, decision: stands ? TaskDecision.parse(JSON.parse(stands)) : decision };
    },
    async decisionOf(run) {
      const raw = await redis.hget(keys.taskRuns(run.day), decisionField(taskRunKey(run)));
      return raw ? TaskDecision.parse(JSON.parse(raw)) : undefined;
    },
    async claimReply(run) {
      return (await redis.hsetnx(keys.taskRuns(run.day), replyField(taskRunKey(run)), '1')) === 1;
    },
    async state(taskId) {
      return readState(await redis.hget(keys.taskState, taskId));
    },
    async states() {
      const raw = await redis.hgetall(keys.taskState);
      return new Map(Object.entries(raw).map(([id, value]) => [id, readState(value)]));
    },
    async updateState(taskId, change) {
      // Runs of one task are seconds apart at the least; the last writer's view stands.
      const next = change(readState(await redis.hget(keys.taskState, taskId)));
      await redis.hset(keys.taskState, taskId, JSON.stringify(next));
      return next;
    },
    // The runner and the outbox keep a task run's records as an incident's, under the task's keys.
    stepRecords: createStepRecords(redis, { ...keys, stepRecords: keys.taskStepRecords }),
    async settleStepRecords(runKey) {
      await redis.expire(keys.taskStepRecords(runKey), KEEP_SECONDS);
    },
    messages: {
      ...records,
      async put(day, key, record) {
        await records.put(day, key, record);
        await redis.expire(keys.taskMessages(day), KEEP_SECONDS);
      },
      // Task messages are no incident's thread: replies to them are not routed anywhere.
      async indexRoot() {},
      async incidentForRoot() {
        return undefined;
      },
    },
  };
}
