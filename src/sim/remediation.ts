import type { DryRunReport, StepOutcome, StepReport } from '../domain/ports.js';
import { RUNBOOK } from '../domain/runbook.js';
import type { PlannedAction } from '../domain/ticket.js';
import { applyAction, rollbackAction } from './estate/actions.js';
import type { EstateState } from './estate/estate-state.js';
import { serviceHealth } from './estate/health.js';
import { directDependents, isKnownService, type ServiceName } from './services.js';

/** The services whose health decides whether a step helped: its target and who calls it. */
export function watchedServices(target: string, root?: string): ServiceName[] {
  const services = new Set<ServiceName>();
  for (const name of [target, root]) {
    if (name && isKnownService(name)) {
      services.add(name);
      for (const dependent of directDependents(name)) services.add(dependent);
    }
  }
  return [...services];
}

function healthOf(state: EstateState, services: readonly ServiceName[]): number {
  return services.reduce((sum, service) => sum + serviceHealth(state, service).score, 0);
}

/**
 * Applies one action the careful way: per-instance actions go to a canary first and are checked
 * before the rest; when health gets worse after a step, that step is rolled back and we stop.
 */
export function executeAction(
  state: EstateState,
  action: PlannedAction,
  options: { now: Date; root?: string },
): { state: EstateState; report: StepReport } {
  const watch = watchedServices(action.target, options.root);
  const before = healthOf(state, watch);
  const report = (outcome: StepOutcome, log: string[], after: number) => ({
    actionId: action.id,
    outcome,
    log,
    healthBefore: before,
    healthAfter: after,
  });
  if (action.kind === 'manual') {
    return { state, report: report('manual', [`manual step for a human: ${action.description}`], before) };
  }
  if (!isKnownService(action.target)) {
    return {
      state,
      report: report('skipped', [`${action.target} is not in the estate: nothing to act on`], before),
    };
  }
  const instances = state.services[action.target].instances.map((instance) => instance.index);
  const waves: Array<number | undefined> = RUNBOOK[action.kind].perInstance ? instances : [undefined];
  const log: string[] = [];
  let current = state;
  let health = before;
  for (const [wave, instance] of waves.entries()) {
    const options_ = instance === undefined ? { now: options.now } : { now: options.now, instance };
    const applied = applyAction(current, action, options_);
    const after = healthOf(applied.state, watch);
    const label = waves.length > 1 ? (wave === 0 ? 'canary: ' : `instance ${instance}: `) : '';
    log.push(`${label}${applied.effect} (health ${health} → ${after})`);
    if (after < health) {
      const undone = rollbackAction(applied.state, action, options_);
      log.push(`health got worse: ${undone.effect}; stopped`);
      return { state: undone.state, report: report('rolled_back', log, healthOf(undone.state, watch)) };
    }
    current = applied.state;
    health = after;
  }
  return { state: current, report: report('applied', log, health) };
}

/** The plan applied to a copy of the estate: what health to expect before anyone decides. */
export function dryRun(
  state: EstateState,
  actions: readonly PlannedAction[],
  root: string,
  now: Date,
): DryRunReport {
  let copy = state;
  const outcomes: StepReport[] = [];
  for (const action of actions) {
    const result = executeAction(copy, action, { now, root });
    copy = result.state;
    outcomes.push(result.report);
  }
  const services = watchedServices(root);
  const predicted = services.map((service) => ({
    service,
    before: serviceHealth(state, service).score,
    after: serviceHealth(copy, service).score,
  }));
  const rootPrediction = predicted.find((entry) => entry.service === root);
  const rolledBack = outcomes.filter((outcome) => outcome.outcome === 'rolled_back').length;
  const manual = outcomes.filter((outcome) => outcome.outcome === 'manual').length;
  const rootHealthy = rootPrediction ? serviceHealth(copy, root as ServiceName).status === 'healthy' : false;
  const helps =
    rolledBack === 0 &&
    (rootHealthy || (rootPrediction ? rootPrediction.after > rootPrediction.before : false));
  const parts = [
    rootPrediction
      ? `${root} health ${rootPrediction.before} → ${rootPrediction.after}`
      : `${root} is outside the estate`,
  ];
  if (rolledBack > 0) parts.push(`${rolledBack} step(s) would be rolled back`);
  if (manual > 0) parts.push(`${manual} manual step(s) not simulated`);
  return {
    helps,
    summary: `${helps ? 'Predicted to help' : 'Predicted NOT to help'}: ${parts.join('; ')}`,
    predicted,
  };
}
