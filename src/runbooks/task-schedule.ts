import { getNextMillis } from 'bullmq';
import { z } from 'zod';

/**
 * A routine task: a runbook with a `schedule` runs on a cron as a BullMQ job scheduler (backups,
 * cache clears, certificate checks, log rotation, restarts). `auto` runs and speaks only on failure
 * or when asked; `approve` posts an approval each time and runs on Approve.
 */
export const TASK_MODES = ['auto', 'approve'] as const;
export type TaskMode = (typeof TASK_MODES)[number];

const paramValue = z.union([z.string(), z.number(), z.boolean()]);

const scheduleObject = z.strictObject({
  /** Five fields (minute hour day-of-month month day-of-week), six with seconds first, or `@daily`…. */
  cron: z.string().min(1),
  mode: z.enum(TASK_MODES).default('approve'),
  /** The catalog service it runs on: needed unless `matches.services` names exactly one. */
  service: z.string().min(1).optional(),
  /** IANA time zone of the cron (default UTC). */
  timezone: z.string().min(1).optional(),
  /** Values of the runbook's params for each run, checked like any param value. */
  params: z.record(z.string(), paramValue).default({}),
});

/** `schedule: "0 3 * * *"` is short for `schedule: { cron: "0 3 * * *" }`. */
export const scheduleSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { cron: value } : value),
  scheduleObject,
);
export type ScheduleSpec = z.output<typeof scheduleObject>;

/** A checked schedule: the cron parses, the zone exists, the service is the catalog's name. */
export interface TaskSchedule {
  cron: string;
  mode: TaskMode;
  service: string;
  timezone?: string;
  params: Readonly<Record<string, string | number | boolean>>;
}

const CRON_ALIASES = /^@(yearly|annually|monthly|weekly|daily|hourly|minutely|secondly|weekdays|weekends)$/;

/**
 * Why `cron` is no pattern BullMQ can run, or undefined. Checked with BullMQ's own parser (what the
 * job scheduler will use), and stricter about the field count: that parser fills missing fields in.
 */
export function cronProblem(cron: string, timezone?: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (!CRON_ALIASES.test(cron.trim()) && fields.length !== 5 && fields.length !== 6)
    return `"${cron}" has ${fields.length} field(s): a cron has 5 (minute hour day-of-month month day-of-week), or 6 with seconds first`;
  try {
    const next = getNextMillis(Date.now(), { pattern: cron, ...(timezone ? { tz: timezone } : {}) });
    if (next === undefined) return `"${cron}" never fires`;
  } catch (error) {
    return `"${cron}" is not a cron pattern: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

/** Why `zone` is not an IANA time zone this runtime knows, or undefined. */
export function timezoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return undefined;
  } catch {
    return `"${zone}" is not an IANA time zone (e.g. UTC, Europe/Paris)`;
  }
}
