import { z } from 'zod';
import type { StepReport } from '../../domain/ports.js';
import { FixerKind, RUNBOOK } from '../../domain/runbook.js';
import { stepDecisionsOf } from '../../domain/step-approval.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { RoundInput } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';
import type { JobControl } from '../park.js';
import { fixerStage } from '../stage-catalog.js';
import { runStage, type StageAttempt, storedOutput } from '../stage-runner.js';
import { KILL_SWITCH_RECHECK_MS } from './remediate-handler.js';
import { roundRunbook } from './round-runbook.js';
import { RunbookRun, runRunbookPlan } from './runbook-fix.js';
import {
  requestStepApproval,
  STEP_APPROVAL_RECHECK_MS,
  stepApprovalRequest,
  waitsForStepApproval,
} from './step-approval.js';

export const FixOutput = z.object({
  fixer: z.string(),
  steps: z.array(
    z.object({
      actionId: z.string(),
      outcome: z.enum(['applied', 'rolled_back', 'manual', 'skipped']),
      log: z.array(z.string()),
      healthBefore: z.number(),
      healthAfter: z.number(),
    }),
  ),
  /** A runbook plan: how the runner left it. */
  runbook: RunbookRun.optional(),
});
export type FixOutput = z.infer<typeof FixOutput>;

/** How often a human fixer looks whether its checklist has been ticked. */
const MANUAL_RECHECK_MS = 1_000;

function actionsOf(ticket: Ticket, fixer: FixerKind) {
  return ticket.recommendations.filter((action) => RUNBOOK[action.kind].fixer === fixer);
}

/**
 * Applies this fixer's share of the plan to the estate, one action after another, canary first;
 * stops at the first step that had to be rolled back. Human steps wait for people to tick them.
 */
export async function handleFix(
  ctx: PipelineContext,
  ids: { incidentId: string; round: number; fixer: FixerKind },
  attempt: StageAttempt,
  control: JobControl,
): Promise<void> {
  const { incidentId, round, fixer } = ids;
  const stage = fixerStage(fixer, round);
  const [ticket, stored] = await Promise.all([
    ctx.tickets.require(incidentId),
    storedOutput(ctx, attempt, incidentId, stage.key, FixOutput),
  ]);
  if (ticket.status !== 'Remediating' || stored) return;
  const actions = actionsOf(ticket, fixer);
  if ((await ctx.killSwitch.state()).on) return control.park(KILL_SWITCH_RECHECK_MS);
  if (fixer === 'human') {
    const ticked = await ctx.manualSteps.done(incidentId);
    const waitedMs = ctx.now().getTime() - Date.parse(ticket.updatedAt);
    const allTicked = actions.every((action) => ticked.has(action.id));
    if (!allTicked && waitedMs < ctx.settings.hitlTimeoutSeconds * 1000)
      return control.park(MANUAL_RECHECK_MS);
  }

  if (fixer === 'runbook') return runbookFix(ctx, ids, attempt, control);

  await runStage(ctx, {
    incidentId,
    stage,
    attempt,
    runsWhile: ['Remediating'],
    needs: {},
    stored: undefined,
    work: async () => {
      const steps =
        fixer === 'human'
          ? await humanSteps(ctx, incidentId, actions)
          : await applySteps(ctx, ticket, actions);
      const rolledBack = steps.filter((step) => step.outcome === 'rolled_back').length;
      const summary = `${steps.length} step(s)${rolledBack ? `, ${rolledBack} rolled back` : ''}: ${steps.map((step) => step.outcome).join(', ')}`;
      return { output: { fixer, steps }, summary };
    },
  });
}

/**
 * The approved runbook plan, through the runner (each step at most once). A `per-step` step pauses
 * it: its own approval is asked in the thread and the job sleeps until people decide (or the wait
 * times out); the next run carries on at that step, or stops there and rolls back.
 */
async function runbookFix(
  ctx: PipelineContext,
  ids: { incidentId: string; round: number; fixer: FixerKind },
  attempt: StageAttempt,
  control: JobControl,
) {
  const { incidentId, round } = ids;
  if (await waitsForStepApproval(ctx, incidentId, round)) return control.park(STEP_APPROVAL_RECHECK_MS);
  const runbook = await roundRunbook(ctx, incidentId, round);
  await runStage(ctx, {
    incidentId,
    stage: fixerStage('runbook', round),
    attempt,
    runsWhile: ['Remediating'],
    needs: { runbook },
    stored: undefined,
    work: async (_ticket, { runbook }) => {
      const decided = stepDecisionsOf(await ctx.stepApprovals.list(incidentId), round);
      const approvedBy = [...new Set([...runbook.approvedBy, ...decided.approvedBy])];
      const { steps, run } = await runRunbookPlan(
        ctx,
        { incidentId, round, approvedBy, approvedSteps: decided.approved, refusedSteps: decided.refused },
        runbook.plan,
      );
      if (run.status === 'needs-approval' && run.stepId !== undefined) {
        const request = stepApprovalRequest(
          runbook.plan,
          round,
          run.stepId,
          ctx.now(),
          ctx.settings.hitlTimeoutSeconds,
        );
        if (request) {
          await requestStepApproval(ctx, incidentId, request);
          return control.park(STEP_APPROVAL_RECHECK_MS);
        }
      }
      const where = run.stepId ? ` at step ${run.stepId}` : '';
      const why = run.reason ? `: ${run.reason}` : '';
      const summary = `runbook ${runbook.plan.runbookId} ${run.status}${where}${why}`;
      return { output: { fixer: 'runbook', steps, runbook: run }, summary };
    },
  });
}

async function applySteps(ctx: PipelineContext, ticket: Ticket, actions: Ticket['recommendations']) {
  const steps: StepReport[] = [];
  const root = ticket.rca?.rootService ?? ticket.system;
  for (const action of actions) {
    const executor = ctx.executors.for(action.target);
    const report = await executor.apply(action, { now: ctx.now(), root });
    steps.push(report);
    if (report.outcome === 'rolled_back') break;
  }
  return steps;
}

async function humanSteps(ctx: PipelineContext, incidentId: string, actions: Ticket['recommendations']) {
  const ticked = await ctx.manualSteps.done(incidentId);
  return actions.map(
    (action): StepReport => ({
      actionId: action.id,
      outcome: ticked.has(action.id) ? 'applied' : 'manual',
      log: [
        ticked.has(action.id)
          ? `done by a person: ${action.description}`
          : `not ticked in time: ${action.description}`,
      ],
      healthBefore: 0,
      healthAfter: 0,
    }),
  );
}

export const fixJob = defineJob({
  name: 'fix',
  input: RoundInput.extend({ fixer: FixerKind }),
  stage: ({ fixer, round }) => fixerStage(fixer, round),
  run: (ctx, ids, { attempt, control }) => handleFix(ctx, ids, attempt, control),
});
