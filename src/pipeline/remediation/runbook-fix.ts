import { z } from 'zod';
import type { StepReport } from '../../domain/ports.js';
import type { RunbookPlan } from '../../domain/runbook-plan.js';
import {
  RUNBOOK_STEP_ENTRY,
  type RunbookStepEntry,
  runbookStepLine,
} from '../../domain/runbook-step-entry.js';
import type { ExecutorResult } from '../../executors/port.js';
import { renderRunbookPlan } from '../../runbooks/index.js';
import { type PlannedStep, type RunOutcome, runSteps, type StepEvent } from '../../runner/index.js';
import type { PipelineContext } from '../context.js';

/** How the runner left a runbook plan: verification says Resolved only after `completed`. */
export const RunbookRun = z.object({
  status: z.enum([
    'completed',
    'needs-approval',
    'running-elsewhere',
    'failed',
    'outcome-unknown',
    'rejected',
  ]),
  stepId: z.string().optional(),
  reason: z.string().optional(),
});
export type RunbookRun = z.infer<typeof RunbookRun>;

export interface RunbookRunIds {
  incidentId: string;
  round: number;
  approvedBy: readonly string[];
  approvedSteps: ReadonlySet<string>;
  refusedSteps?: ReadonlyMap<string, string>;
}

function entryOf(
  ids: RunbookRunIds,
  plan: RunbookPlan,
  step: PlannedStep,
  event: StepEvent,
  describe: string,
): RunbookStepEntry | undefined {
  const base = {
    round: ids.round,
    runbookId: plan.runbookId,
    stepId: step.id,
    phase: event.phase,
    executor: step.executor,
    action: describe,
    approvedBy: [...ids.approvedBy],
  };
  switch (event.type) {
    case 'started':
      return undefined;
    case 'finished':
      return { ...base, ...resultFields(event.result), settledBy: 'executor' };
    case 'settled-by-check': {
      const outcome = event.decision === 'done' ? 'ok' : event.decision === 'failed' ? 'failed' : 'unknown';
      const excerpt =
        outcome === 'unknown'
          ? 'a previous attempt started and recorded no outcome, and the check cannot tell: outcome unknown, handed to people, never run again'
          : 'a previous attempt started and recorded no outcome; the read-only check settled it';
      return { ...base, outcome, excerpt, settledBy: 'check' };
    }
    case 'skipped':
      return { ...base, outcome: 'skipped', excerpt: event.reason, settledBy: 'runner' };
  }
}

function resultFields(result: ExecutorResult) {
  const status = result.httpStatus ?? result.exitStatus;
  return {
    action: result.action.slice(0, 500),
    outcome: result.outcome,
    ...(status === undefined || status === null ? {} : { status }),
    durationMs: result.durationMs,
    excerpt: (result.reason ?? result.output).slice(0, 300),
  };
}

/** The fixer report of each step, for verification and the thread. */
function reportsOf(
  steps: readonly PlannedStep[],
  outcome: RunOutcome,
  lines: Map<string, string[]>,
): StepReport[] {
  const rolledBack = new Set(
    'rollbacks' in outcome ? outcome.rollbacks.filter((r) => r.outcome === 'ok').map((r) => r.stepId) : [],
  );
  return steps.map((step): StepReport => {
    const log = lines.get(step.id) ?? [];
    const report = { actionId: step.id, log, healthBefore: 0, healthAfter: 0 };
    if (outcome.done.includes(step.id))
      return { ...report, outcome: rolledBack.has(step.id) ? 'rolled_back' : 'applied' };
    if ('stepId' in outcome && outcome.stepId === step.id) {
      const why =
        outcome.status === 'outcome-unknown'
          ? `outcome unknown: handed to people, never run again (${outcome.reason})`
          : outcome.status === 'failed'
            ? `failed: ${outcome.reason}`
            : outcome.status === 'needs-approval'
              ? 'waits for its own approval'
              : outcome.status === 'rejected'
                ? `not run: ${outcome.reason}`
                : 'another worker is running it';
      const skipped = outcome.status === 'failed' || outcome.status === 'rejected';
      return { ...report, outcome: skipped ? 'skipped' : 'manual', log: [...log, why] };
    }
    return { ...report, outcome: 'skipped', log: [...log, 'not run: an earlier step stopped the plan'] };
  });
}

/**
 * Runs a runbook plan through the runner: each step at most once (its start recorded before the
 * executor call, its outcome right after), rollbacks newest first after a failure, every outcome a
 * typed timeline entry the thread and the postmortem show.
 */
export async function runRunbookPlan(
  ctx: PipelineContext,
  ids: RunbookRunIds,
  plan: RunbookPlan,
): Promise<{ steps: StepReport[]; run: RunbookRun }> {
  const rendered = renderRunbookPlan(ctx.runbooks, plan);
  if (!rendered.ok) return { steps: [], run: { status: 'failed', reason: rendered.reason } };
  const byId = new Map(rendered.steps.map((step) => [step.id, step]));
  const lines = new Map<string, string[]>();
  const executors = ctx.stepExecutors ?? { byName: () => undefined };
  const outcome = await runSteps(rendered.steps, {
    incidentId: ids.incidentId,
    round: ids.round,
    approvedBy: ids.approvedBy,
    approvedSteps: ids.approvedSteps,
    ...(ids.refusedSteps ? { refusedSteps: ids.refusedSteps } : {}),
    executors,
    records: ctx.stepRecords,
    clock: { now: () => ctx.now().getTime() },
    onStep: async (event) => {
      const step = byId.get(event.stepId);
      if (step === undefined) return;
      const describe = executors.byName(step.executor)?.describe(step.action) ?? step.executor;
      const entry = entryOf(ids, plan, step, event, describe);
      if (entry === undefined) return;
      lines.set(step.id, [...(lines.get(step.id) ?? []), runbookStepLine(entry)]);
      await ctx.timeline.append(ids.incidentId, RUNBOOK_STEP_ENTRY, entry);
    },
  });
  const run: RunbookRun =
    'stepId' in outcome
      ? {
          status: outcome.status,
          stepId: outcome.stepId,
          ...('reason' in outcome ? { reason: outcome.reason } : {}),
        }
      : { status: outcome.status };
  return { steps: reportsOf(rendered.steps, outcome, lines), run };
}
