import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { type HealthSample, verdictFromHealth } from '../../agents/verify.js';
import { withStatus } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { defineStage } from '../define-stage.js';
import { RoundInput } from '../job-catalog.js';
import { fixerStage, verifyStage } from '../stage-catalog.js';
import { FixOutput } from './fix-handler.js';
import { fixersOfRound } from './remediate-handler.js';
import { roundRunbook } from './round-runbook.js';
import { failedStepChecks, unfinishedRunVerdict } from './runbook-verify.js';

export const VerifyOutput = z.object({
  status: z.enum(['Resolved', 'Partially_Resolved', 'Needs_Followup']),
  summary: z.string(),
  checks: z.array(z.string()),
});
export type VerifyOutput = z.infer<typeof VerifyOutput>;

/**
 * Health decides the outcome: the root service and its callers, read through the health probe
 * after the fixers (after a settle time, several samples, for a real probe).
 */
export const verifyJob = defineStage({
  name: 'verify',
  input: RoundInput,
  stage: ({ round }) => verifyStage(round),
  output: VerifyOutput,
  runsWhile: ['Remediating'],
  work: async ({ ctx, input: { incidentId, round }, ticket }) => {
    const fixes = await ctx.stages.outputs(
      incidentId,
      (await fixersOfRound(ctx, ticket, round)).map((fixer) => fixerStage(fixer, round).key),
      FixOutput,
    );
    const runbook = await roundRunbook(ctx, incidentId, round);
    const run = fixes.find((fix) => fix.runbook)?.runbook ?? {
      status: 'failed' as const,
      reason: 'the runbook fixer reported nothing',
    };
    const unfinished = runbook ? unfinishedRunVerdict(runbook.plan, run) : undefined;
    if (unfinished) return { output: unfinished, summary: `${unfinished.status}: ${unfinished.summary}` };
    const failedChecks = runbook ? await failedStepChecks(ctx, runbook.plan) : [];
    const root = ticket.rca?.rootService ?? ticket.system;
    const samples = await sampleHealth(ctx, [root, ...ctx.directory.dependents(root)]);
    const health = verdictFromHealth(
      root,
      samples,
      fixes.flatMap((fix) => fix.steps),
    );
    const verdict: VerifyOutput =
      failedChecks.length === 0
        ? health
        : {
            status: 'Needs_Followup',
            summary: `${health.summary}; a step's check does not hold: ${failedChecks.join('; ')}`,
            checks: health.checks,
          };
    return { output: verdict, summary: `${verdict.status}: ${verdict.summary}` };
  },
  next: async ({ ctx, input: { incidentId }, output: verdict, ticket }) => {
    const updated = await ctx.tickets.update(
      incidentId,
      (current) =>
        current.status === 'Remediating'
          ? {
              ...withStatus(current, verdict.status, { now: ctx.now(), by: 'crew' }),
              resolution: verdict.summary,
            }
          : undefined,
      { known: ticket },
    );
    // The chain ends here: the thread must show the verdict.
    await ctx.queues.requestSlackSync(incidentId);
    if (updated.status === verdict.status) {
      await ctx.timeline.append(incidentId, 'status.changed', {
        to: verdict.status,
        reason: verdict.summary,
      });
    }
  },
});

async function sampleHealth(ctx: PipelineContext, services: readonly string[]): Promise<HealthSample[]> {
  const sampling = ctx.health.sampling(services[0] ?? '');
  const samples: HealthSample[] = [];
  if (sampling.settleMs > 0) await delay(sampling.settleMs);
  for (let index = 0; index < sampling.samples; index += 1) {
    if (index > 0 && sampling.intervalMs > 0) await delay(sampling.intervalMs);
    samples.push(await ctx.health.probe(services, ctx.now()));
  }
  return samples;
}
