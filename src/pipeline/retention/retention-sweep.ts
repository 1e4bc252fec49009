import { z } from 'zod';
import { isStale, planRetention } from '../../domain/retention.js';
import { EARLY_RESOLUTION_KEPT_MS } from '../../ingest/place-batch.js';
import type { PipelineContext } from '../context.js';
import { QUEUE_NAMES, SWEEP_OPTIONS } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';
import { resumeStrandedOpenings } from '../open-incident.js';
import { requestArchive } from './archive-handler.js';

export const RETENTION_SCHEDULER_ID = 'retention-sweep';
/**
 * Hourly, on the hour: often enough that keys written after a close get their expiry the same hour,
 * and a cron pattern never fires at start, so a (re)starting process adds no work beside its own.
 */
const RETENTION_SWEEP_PATTERN = '0 * * * *';

export interface SweepReport {
  expired: number;
  evicted: number;
  archiveQueued: number;
  reminded: number;
  /** Early resolutions forgotten (see EARLY_RESOLUTION_KEPT_MS). */
  earlyForgotten: number;
  /** Incidents whose opening stopped before their diagnosis was queued, resumed (see STRANDED_OPENING_MS). */
  resumed: number;
}

/**
 * The periodic retention pass: closed incidents' keys get their expiry (again: keys written after
 * the close need it too), incidents past it leave the global indexes, closed incidents not yet in
 * PostgreSQL get an archive job, and incidents left in Partially_Resolved or Needs_Followup too long
 * get a reminder in their thread and leave the open set, early resolutions older than a day are
 * forgotten, and incidents whose opening stopped before their diagnosis was queued are resumed.
 * Safe to run twice at once.
 */
export async function handleRetentionSweep(ctx: PipelineContext): Promise<SweepReport> {
  const { store, settings } = ctx.retention;
  const now = ctx.now();
  const plan = planRetention(await store.closed(), now, settings);
  for (const { id, atMs } of plan.expire) await store.expireAt(id, atMs);
  for (const id of plan.evict) await store.evict(id);
  for (const id of plan.archive) await requestArchive(ctx, id);
  const reminded = await remindStale(ctx, now);
  const earlyForgotten = await store.forgetEarlyResolutions(now.getTime() - EARLY_RESOLUTION_KEPT_MS);
  const resumed = await resumeStrandedOpenings(ctx, now);
  return {
    expired: plan.expire.length,
    evicted: plan.evict.length,
    archiveQueued: plan.archive.length,
    reminded,
    earlyForgotten,
    resumed,
  };
}

async function remindStale(ctx: PipelineContext, now: Date): Promise<number> {
  const stale = (await ctx.tickets.listOpen()).filter((ticket) =>
    isStale(ticket, now, ctx.retention.settings.staleDays),
  );
  for (const ticket of stale) {
    const remindedAt = now.toISOString();
    const updated = await ctx.tickets.update(ticket.id, (current) =>
      current.staleRemindedAt || !isStale(current, now, ctx.retention.settings.staleDays)
        ? undefined
        : { ...current, staleRemindedAt: remindedAt },
    );
    // Only the sweep that set the mark speaks: two sweeps at once remind once.
    if (updated.staleRemindedAt === remindedAt) {
      await ctx.timeline.append(ticket.id, 'incident.stale', { status: ticket.status }, { now });
      await ctx.queues.requestSlackSync(ticket.id);
    }
    await ctx.retention.store.retire(ticket.id, now.getTime());
  }
  return stale.length;
}

/** Starts the hourly sweep; idempotent across processes. */
export async function scheduleRetentionSweep(ctx: PipelineContext): Promise<void> {
  await ctx.queues
    .queue(QUEUE_NAMES.incident)
    .upsertJobScheduler(
      RETENTION_SCHEDULER_ID,
      { pattern: RETENTION_SWEEP_PATTERN },
      { name: 'retention-sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
}

export const retentionSweepJob = defineJob({
  name: 'retention-sweep',
  input: z.object({}),
  options: SWEEP_OPTIONS,
  run: (ctx) => handleRetentionSweep(ctx),
});
