import { z } from 'zod';
import { checkDryRunRequest } from '../../runbooks/index.js';
import type { PipelineContext } from '../context.js';
import { DryRunRequestId, SlackChannelId, SlackUserId } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';
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

/** `/runbook dry-run`'s job: checked values, never a command. */
export const RunbookDryRunRequest = z.object({
  requestId: DryRunRequestId,
  runbookId: z.string().min(1).max(80),
  service: z.string().min(1).max(100),
  /** The person's `param=value` overrides, checked again by the worker before anything runs. */
  overrides: z.record(z.string().max(80), z.string().max(500)),
  userId: SlackUserId,
  channelId: SlackChannelId,
});
export type RunbookDryRunRequest = z.infer<typeof RunbookDryRunRequest>;

/**
 * `/runbook dry-run`: the request is checked again here (the web role checked it before queueing,
 * but runbooks and catalog are this process's), then each step's executor dry-runs it, changing
 * nothing. The result waits in Redis for the outbox to answer the person privately.
 */
export async function handleRunbookDryRun(ctx: PipelineContext, data: RunbookDryRunRequest): Promise<void> {
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

export const runbookDryRunJob = defineJob({
  name: 'runbook-dry-run',
  input: RunbookDryRunRequest,
  options: { attempts: 3, backoff: { type: 'exponential', delay: 500 } },
  run: (ctx, data) => handleRunbookDryRun(ctx, data),
});
