import {
  percentPhases,
  phasesFor,
  type RolloutPlan,
  type RolloutUnit,
  stepPhases,
} from '../../domain/rollout/rollout.js';
import { guardRefusal } from '../../executors/guard-step.js';
import type { ParamValue } from '../../executors/params.js';
import { fillParams, type Runbook, renderSteps } from '../../runbooks/index.js';
import type { PlannedStep } from '../../runner/index.js';
import type { PipelineContext } from '../context.js';
import { describeStep } from '../diagnosis/runbook-choice.js';

type PlanContext = Pick<PipelineContext, 'catalog' | 'runbooks' | 'stepExecutors'>;

/** The rollout runbook bound to a service (its `rollout.service`), if the team wrote one. */
export function rolloutRunbookOf(
  ctx: Pick<PipelineContext, 'runbooks'>,
  service: string,
): Runbook | undefined {
  return ctx.runbooks.find((runbook) => runbook.rollout?.service === service);
}

export type InstanceSteps =
  | { ok: true; params: Readonly<Record<string, ParamValue>>; steps: PlannedStep[] }
  | { ok: false; problem: string };

/**
 * The runbook's steps for one unit (an instance, or a phase's percentage) at one version:
 * `instance` or `percent`, and `version`, filled by the rollout and checked like any param (the
 * version against the runbook's own pattern), rendered by the executors' renderer, each passed
 * through the safety guard as an incident's plan is.
 */
export function unitSteps(
  ctx: PlanContext,
  runbook: Runbook,
  service: string,
  unit: RolloutUnit,
  version: string,
  options: { allSteps?: boolean } = {},
): InstanceSteps {
  if (ctx.catalog === undefined) return { ok: false, problem: 'no catalog is loaded' };
  const overrides = new Map<string, unknown>([['version', version]]);
  if ('percent' in unit) overrides.set('percent', unit.percent);
  const facts = 'instance' in unit ? { service, instance: unit.instance } : { service };
  const filled = fillParams(runbook, facts, overrides, ctx.catalog);
  if (!filled.ok) return { ok: false, problem: filled.refusals.join('; ') };
  const rendered = renderSteps(runbook, filled.values);
  if (!rendered.ok) return { ok: false, problem: `step ${rendered.stepId}: ${rendered.reason}` };
  const steps =
    'step' in unit && !options.allSteps
      ? rendered.steps.filter((step) => step.id === unit.step)
      : rendered.steps;
  if (steps.length === 0)
    return { ok: false, problem: `the runbook has no step ${'step' in unit ? unit.step : ''}` };
  for (const step of steps) {
    const refused = guardRefusal(describeStep(ctx, step), 'command');
    if (refused !== undefined)
      return { ok: false, problem: `the safety guard refuses step ${step.id}: ${refused}` };
  }
  return { ok: true, params: filled.values, steps };
}

/**
 * The plan of a rollout: the service's rollout runbook, its instances in phases (percentages made
 * instance counts), its gates, and each step as the approval shows it. Or why there is none.
 */
export function rolloutPlanFor(
  ctx: PlanContext,
  request: { service: string; version: string; phasesPct: readonly number[] },
): { ok: true; plan: RolloutPlan } | { ok: false; problem: string } {
  const service = ctx.catalog?.find(request.service);
  if (service === undefined)
    return { ok: false, problem: `${request.service} is not a service of the catalog` };
  const runbook = rolloutRunbookOf(ctx, service.name);
  if (runbook === undefined)
    return {
      ok: false,
      problem: `no rollout runbook for ${service.name}: add a runbook with \`rollout: { service: ${service.name} }\` to WARROOM_RUNBOOKS`,
    };
  const unit = runbook.rollout?.unit ?? 'instance';
  if (unit === 'instance' && service.instances === undefined)
    return {
      ok: false,
      problem: `the catalog gives no \`instances\` for ${service.name}: phases count instances`,
    };
  const instances = service.instances ?? 1;
  const firstUnit: RolloutUnit =
    unit === 'instance'
      ? { instance: 1 }
      : unit === 'step'
        ? { step: runbook.steps[0]?.id ?? '' }
        : { percent: request.phasesPct[0] ?? 100 };
  const first = unitSteps(ctx, runbook, service.name, firstUnit, request.version, { allSteps: true });
  if (!first.ok) return { ok: false, problem: `runbook ${runbook.id}: ${first.problem}` };
  const executor = first.steps[0]?.executor ?? service.executor ?? 'none';
  return {
    ok: true,
    plan: {
      runbookId: runbook.id,
      executor,
      unit,
      instances,
      phases:
        unit === 'instance'
          ? phasesFor(request.phasesPct, instances)
          : unit === 'step'
            ? stepPhases(request.phasesPct, first.steps.length)
            : percentPhases(request.phasesPct),
      gates: [...(runbook.rollout?.gates ?? [{ kind: 'health' }])],
      steps: first.steps.map((step) => ({
        id: step.id,
        title: step.title,
        executor: step.executor,
        action: describeStep(ctx, step).slice(0, 500),
        risk: step.risk,
      })),
    },
  };
}
