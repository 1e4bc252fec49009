import { z } from 'zod';
import { checkDryRunRequest } from '../../runbooks/index.js';
import type { PipelineContext } from '../context.js';
import type { JobData } from '../job-catalog.js';
import { DryRunOutput } from './dry-run-output.js';
import { dryRunRunbookPlan } from './runbook-dry-run.js';

/** What `/runbook dry-run` answers: each step's dry run, or why nothing was dry-run. */
export const RunbookDryRunResult = z.object({
  runbookId: z.string(),
  service: z.string(),
  problem: z.string().optional(),
  dryRun: DryRunOutput.optional(),
});
export type RunbookDryRunResult = z.infer<typeof RunbookDryRunResult>;

/**
 * `/runbook dry-run`: the request is checked again here (the web role checked it before queueing,
 * but runbooks and catalog are this process's), then each step's executor dry-runs it, changing
 * nothing. The result waits in Redis for the outbox to answer the person privately.
 */
export async function handleRunbookDryRun(
  ctx: PipelineContext,
  data: JobData<'runbook-dry-run'>,
): Promise<void> {
  const checked = checkDryRunRequest(ctx.runbooks, ctx.catalog, {
    id: data.runbookId,
    service: data.service,
    overrides: new Map(Object.entries(data.overrides)),
  });
  const base = { runbookId: data.runbookId, service: data.service };
  const result: RunbookDryRunResult = checked.ok
    ? {
        ...base,
        dryRun: await dryRunRunbookPlan(ctx, { runbookId: data.runbookId, params: { ...checked.params } }),
      }
    : { ...base, problem: checked.problem };
  await ctx.runbookDryRuns.put(data.requestId, result);
  await ctx.queues.add('runbook-dry-run-reply', {
    requestId: data.requestId,
    userId: data.userId,
    channelId: data.channelId,
  });
}
