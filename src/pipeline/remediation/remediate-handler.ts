import { type FixerKind, RUNBOOK } from '../../domain/runbook.js';
import type { PlannedAction } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { RoundInput } from '../job-catalog.js';
import { defineJob } from '../job-definition.js';
import type { JobControl } from '../park.js';
import { fixerStage, pendingRun, verifyStage } from '../stage-catalog.js';
import { roundRunbook } from './round-runbook.js';

/** While the kill switch is on, remediation waits and looks again this often. */
export const KILL_SWITCH_RECHECK_MS = 1_000;

export function fixersFor(actions: readonly PlannedAction[]): FixerKind[] {
  return [...new Set(actions.map((action) => RUNBOOK[action.kind].fixer))];
}

/** A runbook plan runs as one fixer (its steps in order, through the runner); any other plan by kind. */
export async function fixersOfRound(
  ctx: PipelineContext,
  ticket: { id: string; recommendations: readonly PlannedAction[] },
  round: number,
): Promise<FixerKind[]> {
  const runbook = await roundRunbook(ctx, ticket.id, round);
  return runbook ? ['runbook'] : fixersFor(ticket.recommendations);
}

/**
 * Starts the approved plan: the fixers its actions need run in parallel, verification after
 * them. Nothing starts while the kill switch is on; the job waits and starts once it is off.
 */
export async function handleRemediate(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  control: JobControl,
): Promise<void> {
  const ticket = await ctx.tickets.require(incidentId);
  if (ticket.status !== 'Remediating') return;
  const killSwitch = await ctx.killSwitch.state();
  if (killSwitch.on) {
    if (!(await ctx.stages.runs(incidentId)).some((run) => run.key === 'kill-switch-hold')) {
      await ctx.stages.putRun(incidentId, {
        key: 'kill-switch-hold',
        label: 'Held by the kill switch',
        rank: 9,
        phase: 'remediation',
        state: 'pending',
        attempt: 1,
      });
      await ctx.timeline.append(incidentId, 'remediation.held', { round, by: killSwitch.by });
      await ctx.queues.requestSlackSync(incidentId);
    }
    return control.park(KILL_SWITCH_RECHECK_MS);
  }
  const fixers = await fixersOfRound(ctx, ticket, round);
  await Promise.all([
    ...fixers.map((fixer) => ctx.stages.putRun(incidentId, pendingRun(fixerStage(fixer, round)))),
    ctx.stages.putRun(incidentId, pendingRun(verifyStage(round))),
    ctx.stages.removeRun(incidentId, 'kill-switch-hold'),
  ]);
  await ctx.queues.addRemediationFlow(incidentId, round, fixers);
  await ctx.queues.requestSlackSync(incidentId);
}

export const remediateJob = defineJob({
  name: 'remediate',
  input: RoundInput,
  run: (ctx, { incidentId, round }, { control }) => handleRemediate(ctx, incidentId, round, control),
});
