import type { ActionKind } from '../domain/runbook.js';
import type { RunbookPlan, RunbookPlanStep } from '../domain/runbook-plan.js';
import type { PlannedAction } from '../domain/ticket.js';
import type { ExecutorAction } from '../executors/actions.js';

/** The crew's action kind closest to a rendered runbook action (labels, stats and learning use it). */
export function actionKindOf(action: ExecutorAction): ActionKind {
  if (action.kind === 'kubernetes') {
    if (action.operation === 'scale') return 'scale_up';
    if (action.operation === 'undo') return 'rollback_deploy';
    return 'restart';
  }
  if (action.kind === 'supervisor') return 'restart';
  if (action.kind === 'postgres') return 'increase_pool';
  if (action.kind === 'manual') return 'manual';
  return 'restart';
}

function describeStep(plan: RunbookPlan, step: RunbookPlanStep): string {
  const approval = step.approval === 'per-step' ? 'its own approval' : 'the plan approval';
  return `${step.title}: runbook ${plan.runbookId} step ${step.stepId}, executor ${step.executor}: ${step.action} (${approval})`;
}

/** The ticket's recommendations for a runbook plan: one per step, naming runbook, step, executor and action. */
export function runbookActions(
  plan: RunbookPlan,
  kinds: readonly ActionKind[],
  rollbacks: readonly (string | undefined)[],
): PlannedAction[] {
  return plan.steps.map((step, index) => ({
    id: step.stepId.slice(0, 40),
    kind: kinds[index] ?? 'manual',
    target: plan.service,
    description: describeStep(plan, step).slice(0, 500),
    risk: step.risk,
    blastRadius: `${plan.service} only, through executor ${step.executor}`.slice(0, 300),
    rollback: (rollbacks[index] ?? 'none declared: undo by hand').slice(0, 300),
  }));
}
