import type { Executor } from '../executors/port.js';
import type { PlannedStep, RolledBack, RunnerDeps, RunOutcome } from './planned-step.js';
import { type CallSettled, callOnce } from './record-call.js';

/**
 * Runs a plan's steps in order, each at most once (see record-call.ts), independent of any queue:
 * a retried or redelivered job calls it again with the same records and it carries on where the
 * records say. It stops at the first failed or unknown (timed out, cancelled) step and undoes the
 * steps done so far, newest first; it pauses before a `per-step` step nobody has approved yet, and
 * stops before one that was refused, undoing the steps done so far the same way.
 */
export async function runSteps(steps: readonly PlannedStep[], deps: RunnerDeps): Promise<RunOutcome> {
  const done: PlannedStep[] = [];
  const doneIds = () => done.map((step) => step.id);
  for (const step of steps) {
    const refused = step.approval === 'per-step' ? deps.refusedSteps?.get(step.id) : undefined;
    if (refused !== undefined) {
      const rollbacks = await rollBack(done, deps);
      return { status: 'rejected', stepId: step.id, reason: refused, done: doneIds(), rollbacks };
    }
    if (step.approval === 'per-step' && !deps.approvedSteps?.has(step.id)) {
      return { status: 'needs-approval', stepId: step.id, done: doneIds() };
    }
    const executor = deps.executors.byName(step.executor);
    const settled =
      executor === undefined
        ? { settled: 'failed' as const, reason: `no executor named ${step.executor} is running` }
        : await callOnce(
            deps,
            { id: step.id, phase: 'apply' },
            executor,
            executor.describe(step.action),
            () => executor.apply(step.action, { signal: AbortSignal.timeout(step.timeoutSeconds * 1000) }),
            () => executor.check(step.action, { signal: AbortSignal.timeout(step.timeoutSeconds * 1000) }),
          );
    if (settled.settled === 'done') {
      done.push(step);
      continue;
    }
    if (settled.settled === 'contended')
      return { status: 'running-elsewhere', stepId: step.id, done: doneIds() };
    const rollbacks = await rollBack(done, deps);
    return {
      status: settled.settled === 'failed' ? 'failed' : 'outcome-unknown',
      stepId: step.id,
      reason: settled.reason,
      done: doneIds(),
      rollbacks,
    };
  }
  return { status: 'completed', done: doneIds() };
}

/** Undoes the done steps newest first; each rollback is itself recorded and run at most once. */
async function rollBack(done: readonly PlannedStep[], deps: RunnerDeps): Promise<RolledBack[]> {
  const rolledBack: RolledBack[] = [];
  for (const step of [...done].reverse()) {
    const executor = deps.executors.byName(step.executor);
    if (step.rollback === undefined || executor === undefined) {
      const reason = step.rollback === undefined ? 'the step declares no rollback' : 'its executor is gone';
      await deps.onStep?.({ type: 'skipped', stepId: step.id, phase: 'rollback', reason });
      rolledBack.push({ stepId: step.id, outcome: 'none', reason });
      continue;
    }
    const settled = await callOnce(
      deps,
      { id: step.id, phase: 'rollback' },
      executor,
      describeRollback(step, executor),
      () => undo(step, executor, deps),
      undefined,
    );
    rolledBack.push(rolledBackAs(step.id, settled));
  }
  return rolledBack;
}

function rolledBackAs(stepId: string, settled: CallSettled): RolledBack {
  switch (settled.settled) {
    case 'done':
      return { stepId, outcome: 'ok' };
    case 'contended':
      return { stepId, outcome: 'unknown', reason: 'another worker is rolling it back' };
    default:
      return { stepId, outcome: settled.settled, reason: settled.reason };
  }
}

function describeRollback(step: PlannedStep, executor: Executor): string {
  return step.rollback === 'previous' || step.rollback === undefined
    ? `undo: ${executor.describe(step.action)}`
    : executor.describe(step.rollback);
}

async function undo(step: PlannedStep, executor: Executor, deps: RunnerDeps) {
  const signal = AbortSignal.timeout(step.timeoutSeconds * 1000);
  if (step.rollback !== 'previous' && step.rollback !== undefined)
    return executor.apply(step.rollback, { signal });
  const ref = { incidentId: deps.incidentId, round: deps.round, stepId: step.id, phase: 'apply' as const };
  const applied = (await deps.records.read(ref))?.outcome?.result;
  if (applied === undefined) {
    // Settled by a check, so there is no record of the state before: nothing to undo from.
    return {
      outcome: 'unknown' as const,
      executor: { name: executor.name, kind: executor.kind },
      mode: 'rollback' as const,
      action: executor.describe(step.action),
      reason: 'no record of the state before the step: undo it by hand',
      durationMs: 0,
      output: '',
    };
  }
  return executor.rollback(step.action, applied, { signal });
}
