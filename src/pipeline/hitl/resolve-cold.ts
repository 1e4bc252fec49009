import { isClosed, statusLabel } from '../../domain/status.js';
import { type Ticket, withStatus } from '../../domain/ticket.js';
import { PermanentError } from '../../errors.js';
import type { PipelineContext } from '../context.js';

/**
 * `/incident resolve` of an incident whose keys are no longer in Redis (evicted after its hot
 * days, expired after retention, or lost): closed in the history when it is kept there and still
 * open, otherwise a sentence that says what happened to it. Nothing is written but that close.
 */
export async function resolveOutsideRedis(
  ctx: PipelineContext,
  incidentId: string,
  change: { by: string; note?: string; resolution: string },
): Promise<Ticket> {
  const record = await ctx.history?.read(incidentId);
  if (record) {
    const status = record.ticket.status;
    if (isClosed(status)) {
      throw new PermanentError(
        'conflict',
        `${incidentId} is already closed (${statusLabel(status)}) and kept in the history; \`/incident show ${incidentId}\` has it.`,
        { httpStatus: 409 },
      );
    }
    const now = ctx.now();
    const ticket: Ticket = {
      ...withStatus(record.ticket, 'Resolved', {
        now,
        by: change.by,
        ...(change.note ? { reason: change.note } : {}),
      }),
      resolution: change.resolution,
      updatedAt: now.toISOString(),
    };
    const entry = {
      id: `${now.getTime()}-0`,
      type: 'resolved.by_hand',
      at: now.toISOString(),
      by: change.by,
      data: change.note ? { note: change.note } : {},
    };
    await ctx.history?.archive({
      ...record,
      ticket,
      timeline: [...record.timeline, entry],
      closedAt: now.toISOString(),
    });
    return ticket;
  }
  const issued = await ctx.tickets.issuedCount();
  const sequence = Number(incidentId.slice('INC-'.length));
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > issued) {
    throw new PermanentError('not_found', `There is no ${incidentId}. Try \`/incident list\`.`, {
      httpStatus: 404,
    });
  }
  const kept = ctx.history
    ? 'it is not in the history either (it left Redis before it was archived)'
    : 'DATABASE_URL is not set, so nothing keeps incidents after Redis';
  throw new PermanentError(
    'not_found',
    `${incidentId} is no longer kept: its data has left Redis (closed incidents expire after INCIDENT_RETENTION_DAYS, ${ctx.retention.settings.retentionDays} days here) and ${kept}. Nothing was changed.`,
    { httpStatus: 410 },
  );
}
