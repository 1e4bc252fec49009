import type { PlanStageOutput, RcaOutput } from '../../agents/schemas.js';
import type { Decision } from '../../domain/approval.js';
import type { Ticket } from '../../domain/ticket.js';
import { mayActOn, planFromRunbooks, type Runbook, runbookAskedFor } from '../../runbooks/index.js';
import { actionKindOf, runbookActions } from '../../runbooks/planned-actions.js';
import type { PlannedStep } from '../../runner/index.js';
import type { PipelineContext } from '../context.js';

type RunbookContext = Pick<PipelineContext, 'catalog' | 'runbooks' | 'stepExecutors'>;

export type RunbookOutcome =
  | { kind: 'planned'; output: PlanStageOutput }
  /** A runbook matched but refused the incident's values: the manual plan stands, with the reasons. */
  | { kind: 'refused'; note: string }
  | { kind: 'none' };

/** One line per step for the thread, secrets masked by the step's own executor. */
export function describeStep(
  ctx: RunbookContext,
  step: PlannedStep | { executor: string; action: PlannedStep['action'] },
): string {
  const executor = ctx.stepExecutors?.byName(step.executor);
  return executor ? executor.describe(step.action) : `${step.executor}: ${step.action.kind}`;
}

/**
 * A catalog service's plan comes from the best matching runbook for the root cause's service and
 * fault (or the incident's alert name), its params filled from the incident; the reasoner never
 * writes a command for a real executor. No matching runbook: the reasoner's manual plan stands.
 */
export function runbookPlanFor(
  ctx: RunbookContext,
  rca: RcaOutput,
  ticket: Ticket,
  /** People's "Request changes" text: a matching runbook it names (and its `param=value`s) goes first. */
  feedback?: string,
  /** A runbook chosen in the Request changes modal, with its typed params: it goes before the text's. */
  chosen?: Decision['runbook'],
): RunbookOutcome {
  const service = ctx.catalog?.find(rca.rootService)?.name;
  if (ctx.catalog === undefined || service === undefined || ctx.runbooks.length === 0)
    return { kind: 'none' };
  const byPeople = chosen
    ? { runbookId: chosen.id, overrides: new Map(Object.entries(chosen.params)) }
    : feedback === undefined
      ? undefined
      : runbookAskedFor(feedback, ctx.runbooks);
  // A deploy on the root service just before the incident: its rollback runbook goes first.
  const change = ticket.changes?.find((entry) => entry.service === service && entry.previousVersion);
  const rollback = change ? rollbackRunbookFor(ctx.runbooks, service) : undefined;
  const asked = byPeople ?? (rollback ? { runbookId: rollback.id, overrides: new Map() } : undefined);
  const incident = {
    service,
    fault: rca.fault,
    alertNames: [ticket.issue],
    ...(change?.previousVersion ? { previousVersion: change.previousVersion } : {}),
  };
  const describe = (step: PlannedStep) => describeStep(ctx, step);
  let choice = planFromRunbooks(ctx.runbooks, ctx.catalog, incident, describe, asked);
  // A rollback that cannot be planned (its version refused) leaves the other runbooks to try.
  if (choice.kind === 'refused' && byPeople === undefined && choice.runbookId === rollback?.id) {
    const others = ctx.runbooks.filter((runbook) => runbook !== rollback);
    const fallback = planFromRunbooks(others, ctx.catalog, incident, describe);
    if (fallback.kind === 'planned') choice = fallback;
  }
  if (choice.kind === 'none') return choice;
  if (choice.kind === 'refused')
    return { kind: 'refused', note: `runbook ${choice.runbookId} refused: ${choice.refusals.join('; ')}` };
  const { plan, steps } = choice;
  const rollbacks = steps.map((step) => {
    if (step.rollback === undefined) return undefined;
    if (step.rollback === 'previous')
      return `${step.executor} restores the state it recorded before the step`;
    return `undo: ${describeStep(ctx, { executor: step.executor, action: step.rollback })}`;
  });
  const why =
    byPeople === undefined
      ? change && rollback?.id === plan.runbookId
        ? `, rolling back ${change.service} ${change.version} to ${change.previousVersion}`
        : ''
      : byPeople.runbookId === plan.runbookId
        ? ', as asked in Request changes'
        : ` (runbook ${byPeople.runbookId}, as asked, does not fit this incident)`;
  const summary = `Runbook ${plan.runbookId} (${plan.title}) on ${service}: ${steps.length} step(s)${why}`;
  return {
    kind: 'planned',
    output: {
      summary: summary.slice(0, 500),
      actions: runbookActions(
        plan,
        steps.map((step) => actionKindOf(step.action)),
        rollbacks,
      ),
      runbook: plan,
    },
  };
}

/** A runbook that may act on `service` and takes the version to go back to from the recorded change. */
function rollbackRunbookFor(runbooks: readonly Runbook[], service: string): Runbook | undefined {
  return runbooks.find(
    (runbook) =>
      mayActOn(runbook, service) &&
      [...runbook.params.values()].some((param) => param.from === 'previousVersion'),
  );
}
