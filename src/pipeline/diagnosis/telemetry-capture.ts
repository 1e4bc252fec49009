import { TelemetrySnapshot } from '../../domain/telemetry.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';

/**
 * Telemetry is read once per incident and kept: every specialist judges the same evidence, and a
 * retried stage sees what the first attempt saw.
 */
export async function captureTelemetry(ctx: PipelineContext, ticket: Ticket): Promise<TelemetrySnapshot> {
  const kept = await ctx.stages.telemetry(ticket.id, TelemetrySnapshot);
  if (kept) return kept;
  const snapshot = await ctx.telemetry.snapshot(ticket, ctx.now());
  await ctx.stages.putTelemetry(ticket.id, snapshot);
  return snapshot;
}
