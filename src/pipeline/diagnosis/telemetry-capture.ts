import { TelemetrySnapshot } from '../../domain/telemetry.js';
import type { Ticket } from '../../domain/ticket.js';
import type { WorkloadEvidence } from '../../domain/workload-evidence.js';
import type { PipelineContext } from '../context.js';

/** However the reader is bounded itself, diagnosis never waits longer than this for Kubernetes. */
const WORKLOAD_READ_LIMIT_MS = 60_000;

/**
 * Telemetry is read once per incident and kept: every specialist judges the same evidence, and a
 * retried stage sees what the first attempt saw. For a service bound to a Kubernetes executor, the
 * workload's pods, events and crashing containers' logs are read with it and kept in the snapshot.
 */
export async function captureTelemetry(ctx: PipelineContext, ticket: Ticket): Promise<TelemetrySnapshot> {
  const kept = await ctx.stages.telemetry(ticket.id, TelemetrySnapshot);
  if (kept) return kept;
  const [snapshot, kubernetes] = await Promise.all([
    ctx.telemetry.snapshot(ticket, ctx.now()),
    readWorkload(ctx, ticket.system),
  ]);
  const captured = kubernetes === undefined ? snapshot : { ...snapshot, kubernetes };
  await ctx.stages.putTelemetry(ticket.id, captured);
  return captured;
}

async function readWorkload(ctx: PipelineContext, service: string): Promise<WorkloadEvidence | undefined> {
  if (ctx.workloads === undefined) return undefined;
  try {
    return await ctx.workloads.read(service, AbortSignal.timeout(WORKLOAD_READ_LIMIT_MS));
  } catch (error) {
    ctx.logger.warn({ err: error, service }, 'reading the Kubernetes workload failed');
    return {
      service,
      source: 'Kubernetes API',
      namespace: '-',
      deployment: service,
      available: false,
      reason: `the read failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
