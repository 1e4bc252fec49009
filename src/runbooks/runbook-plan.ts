import type { Catalog } from '../domain/catalog/index.js';
import type { RunbookPlan } from '../domain/runbook-plan.js';
import type { ParamValue } from '../executors/params.js';
import type { PlannedStep } from '../runner/planned-step.js';
import type { RunbookAsk } from './asked-runbook.js';
import { fillParams, type IncidentFacts } from './fill-params.js';
import { type IncidentMatch, matchingRunbooks } from './match-runbooks.js';
import { isAutoEligible, renderSteps } from './render-step.js';
import type { Runbook } from './runbook.js';

export type RunbookChoice =
  | { kind: 'none' }
  | { kind: 'planned'; plan: RunbookPlan; steps: PlannedStep[] }
  /** Every matching runbook refused the incident's values: people get the reasons and a manual plan. */
  | { kind: 'refused'; runbookId: string; refusals: readonly string[] };

export interface RunbookIncident extends IncidentMatch, IncidentFacts {
  /** Canonical catalog name of the root service. */
  service: string;
}

/**
 * The plan from the best-ranked matching runbook whose params fill and whose steps render. A
 * runbook is the only source of steps for a real executor: nothing here writes a command.
 */
export function planFromRunbooks(
  runbooks: readonly Runbook[],
  catalog: Catalog,
  incident: RunbookIncident,
  describe: (step: PlannedStep) => string,
  asked?: RunbookAsk,
): RunbookChoice {
  const matching = matchingRunbooks(runbooks, incident);
  const preferred = matching.find((runbook) => runbook.id === asked?.runbookId);
  // The runbook people asked for goes first, with their values; one that does not match is not used.
  const candidates = preferred
    ? [preferred, ...matching.filter((runbook) => runbook !== preferred)]
    : matching;
  let firstRefusal: RunbookChoice | undefined;
  for (const runbook of candidates) {
    const overrides = runbook === preferred && asked ? asked.overrides : new Map<string, unknown>();
    const filled = fillParams(runbook, incident, overrides, catalog);
    const rendered = filled.ok ? renderSteps(runbook, filled.values) : undefined;
    if (filled.ok && rendered?.ok) {
      const plan = planOf(runbook, incident.service, filled.values, rendered.steps, describe);
      return { kind: 'planned', plan, steps: rendered.steps };
    }
    const refusals = filled.ok
      ? [`step ${rendered && !rendered.ok ? `${rendered.stepId}: ${rendered.reason}` : '?'}`]
      : filled.refusals;
    firstRefusal ??= { kind: 'refused', runbookId: runbook.id, refusals };
    // People asked for this one: say why it cannot be, rather than quietly plan another.
    if (runbook === preferred) return firstRefusal;
  }
  return firstRefusal ?? { kind: 'none' };
}

function planOf(
  runbook: Runbook,
  service: string,
  params: Readonly<Record<string, ParamValue>>,
  steps: readonly PlannedStep[],
  describe: (step: PlannedStep) => string,
): RunbookPlan {
  return {
    runbookId: runbook.id,
    title: runbook.title,
    service,
    params: { ...params },
    autoEligible: isAutoEligible(runbook),
    steps: steps.map((step) => ({
      stepId: step.id,
      title: step.title,
      executor: step.executor,
      action: describe(step).slice(0, 500),
      risk: step.risk,
      approval: step.approval,
    })),
  };
}

/** The plan's steps rendered again from its runbook and checked values, as every stage after the plan needs them. */
export function renderRunbookPlan(
  runbooks: readonly Runbook[],
  plan: Pick<RunbookPlan, 'runbookId' | 'params'>,
): { ok: true; steps: PlannedStep[] } | { ok: false; reason: string } {
  const runbook = runbooks.find((candidate) => candidate.id === plan.runbookId);
  if (runbook === undefined) return { ok: false, reason: `runbook ${plan.runbookId} is no longer loaded` };
  const rendered = renderSteps(runbook, plan.params);
  return rendered.ok ? rendered : { ok: false, reason: `step ${rendered.stepId}: ${rendered.reason}` };
}
