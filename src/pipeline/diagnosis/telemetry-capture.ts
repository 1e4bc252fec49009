import type { ProcessEvidence } from '../../domain/process-evidence.js';
import { TelemetrySnapshot } from '../../domain/telemetry.js';
import type { Ticket } from '../../domain/ticket.js';
import type { WorkloadEvidence } from '../../domain/workload-evidence.js';
import type { PipelineContext } from '../context.js';

/** However the reader is bounded itself, diagnosis never waits longer than this for Kubernetes. */
const WORKLOAD_READ_LIMIT_MS = 60_000;

/**
 * Telemetry is read once per incident and kept: every specialist judges the same evidence, and a
 * retried stage sees what the first attempt saw. For a service bound to a Kubernetes executor, the
 * workload's pods, events and crashing containers' logs are read with it and kept in the snapshot; for
 * one bound to a supervisor executor, its program's state, last exit and log tail.
 */
export async function captureTelemetry(ctx: PipelineContext, ticket: Ticket): Promise<TelemetrySnapshot> {
  const kept = await ctx.stages.telemetry(ticket.id, TelemetrySnapshot);
  if (kept) return kept;
  const [snapshot, kubernetes, supervisor] = await Promise.all([
    ctx.telemetry.snapshot(ticket, ctx.now()),
    readWorkload(ctx, ticket.system),
    readProcess(ctx, ticket.system),
  ]);
  const captured = {
    ...snapshot,
    ...(kubernetes === undefined ? {} : { kubernetes }),
    ...(supervisor === undefined ? {} : { supervisor }),
  };
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

/** The service's supervisord program (its state, last exit, log tail), when one is bound to it. */
async function readProcess(ctx: PipelineContext, service: string): Promise<ProcessEvidence | undefined> {
  if (ctx.processes === undefined) return undefined;
  try {
    return await ctx.processes.read(service, AbortSignal.timeout(WORKLOAD_READ_LIMIT_MS));
  } catch (error) {
    ctx.logger.warn({ err: error, service }, 'reading the supervisord program failed');
    return undefined;
  }
}
