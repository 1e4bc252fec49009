import type { ExecutorAction } from '../executors/actions.js';
import type { ParamValue } from '../executors/params.js';
import { type RenderContext, renderAction } from '../executors/render.js';
import type { PlannedStep } from '../runner/planned-step.js';
import type { Runbook, RunbookStep } from './runbook.js';

export type RenderedStep = { ok: true; step: PlannedStep } | { ok: false; stepId: string; reason: string };

/**
 * A step ready for the runner: its action (and rollback action) rendered from checked values with
 * the executors' renderer, which refuses anything the params do not allow.
 */
export function renderStep(
  runbook: Runbook,
  step: RunbookStep,
  values: Readonly<Record<string, ParamValue>>,
  context: RenderContext = {},
): RenderedStep {
  const action = renderAction(step.action, runbook.paramSpecs, values, context);
  if (!action.ok) return { ok: false, stepId: step.id, reason: action.reason };
  let rollback: 'previous' | ExecutorAction | undefined =
    step.rollback === 'previous' ? 'previous' : undefined;
  if (step.rollback !== undefined && step.rollback !== 'previous') {
    const rendered = renderAction(step.rollback, runbook.paramSpecs, values, context);
    if (!rendered.ok) return { ok: false, stepId: step.id, reason: `rollback: ${rendered.reason}` };
    rollback = rendered.value;
  }
  return {
    ok: true,
    step: {
      id: step.id,
      title: step.title,
      executor: step.executor,
      action: action.value,
      risk: step.risk,
      approval: step.approval,
      timeoutSeconds: step.timeoutSeconds,
      ...(step.verify === undefined ? {} : { verify: step.verify }),
      ...(rollback === undefined ? {} : { rollback }),
    },
  };
}

/** Every step rendered, or the first refusal (nothing runs unless all of them render). */
export function renderSteps(
  runbook: Runbook,
  values: Readonly<Record<string, ParamValue>>,
  context: RenderContext = {},
): { ok: true; steps: PlannedStep[] } | { ok: false; stepId: string; reason: string } {
  const steps: PlannedStep[] = [];
  for (const step of runbook.steps) {
    const rendered = renderStep(runbook, step, values, context);
    if (!rendered.ok) return rendered;
    steps.push(rendered.step);
  }
  return { ok: true, steps };
}

/** Runs without a click only when it says so, every step is low risk and none asks for its own approval. */
export function isAutoEligible(runbook: Runbook): boolean {
  return runbook.auto && runbook.steps.every((step) => step.risk === 'low' && step.approval !== 'per-step');
}
