import type { IncidentRecord } from '../../domain/incident-record.js';
import { expiryOf } from '../../domain/retention.js';
import type { PipelineContext } from '../context.js';
import { IncidentInput, QUEUE_NAMES } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';
import { POSTMORTEM_STATUSES, postmortemFor } from '../reports.js';

/** Everything the incident left in Redis, as the history database stores it. */
export async function gatherRecord(
  ctx: PipelineContext,
  incidentId: string,
  closedAtMs: number,
): Promise<IncidentRecord | undefined> {
  const ticket = await ctx.tickets.get(incidentId);
  if (!ticket) return undefined;
  const [timeline, dump] = await Promise.all([
    ctx.timeline.read(incidentId),
    ctx.retention.store.dump(incidentId),
  ]);
  const postmortem = (POSTMORTEM_STATUSES as readonly string[]).includes(ticket.status)
    ? ctx.writePostmortem(await postmortemFor(ctx, ticket))
    : null;
  return { ticket, timeline, ...dump, postmortem, closedAt: new Date(closedAtMs).toISOString() };
}

/**
 * Copies a closed incident to PostgreSQL, then lets its keys expire after INCIDENT_HOT_DAYS. A
 * PostgreSQL outage fails the attempt (retried with backoff): the keys keep no expiry meanwhile.
 */
export async function handleArchive(ctx: PipelineContext, incidentId: string): Promise<void> {
  if (!ctx.history) return;
  const closedAtMs = await ctx.retention.store.closedAt(incidentId);
  if (closedAtMs === undefined) return; // reopened, or already evicted
  const record = await gatherRecord(ctx, incidentId, closedAtMs);
  if (!record) return;
  await ctx.history.archive(record);
  await ctx.retention.store.markArchived(incidentId, ctx.now().getTime());
  const atMs = expiryOf({ id: incidentId, closedAtMs, archived: true }, ctx.retention.settings);
  if (atMs !== undefined) await ctx.retention.store.expireAt(incidentId, atMs);
  ctx.logger.info({ incident: incidentId }, 'incident archived to PostgreSQL');
}

/**
 * Queues the incident's archive job. A finished job of an earlier close (the incident was reopened
 * or retired as stale, then closed again) is replaced, and one that failed for good is retried.
 */
export async function requestArchive(ctx: PipelineContext, incidentId: string, delayMs = 0): Promise<void> {
  const existing = await ctx.queues.queue(QUEUE_NAMES.incident).getJob(`${incidentId}-archive`);
  if (existing && (await existing.isFailed())) return void (await existing.retry('failed'));
  if (existing && (await existing.isCompleted())) await existing.remove();
  await ctx.queues.add('archive', { incidentId }, { delayMs });
}

/** Retried for about a day, then again by each sweep. */
export const archiveJob = defineJob({
  name: 'archive',
  input: IncidentInput,
  options: { attempts: 17, backoff: { type: 'exponential', delay: 1000 } },
  run: (ctx, { incidentId }) => handleArchive(ctx, incidentId),
});
