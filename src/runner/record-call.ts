import type { Executor, ExecutorResult } from '../executors/port.js';
import type { StepPhase } from '../store/step-records.js';
import type { RunnerDeps } from './planned-step.js';
import { decideStepResume } from './step-resume.js';

export type CallSettled =
  | { settled: 'done'; result?: ExecutorResult }
  /** Another worker recorded the start first: it owns the call, and this run must not touch the plan. */
  | { settled: 'contended' }
  | { settled: 'failed' | 'unknown'; reason: string; result?: ExecutorResult };

/**
 * One executor call under the at-most-once rule: the start is recorded before the call and the
 * outcome right after. A start found with no outcome is settled by the read-only `check` (and the
 * answer recorded), never by calling again.
 */
export async function callOnce(
  deps: RunnerDeps,
  step: { id: string; phase: StepPhase },
  executor: Executor,
  describe: string,
  call: () => Promise<ExecutorResult>,
  /** Absent when nothing read-only can tell whether the call happened (a rollback). */
  check: (() => Promise<ExecutorResult>) | undefined,
): Promise<CallSettled> {
  const ref = { incidentId: deps.incidentId, round: deps.round, stepId: step.id, phase: step.phase };
  const record = await deps.records.read(ref);
  let decision = decideStepResume(record);
  if (decision === 'check') {
    const checked = check === undefined ? undefined : await check();
    decision = checked === undefined ? 'unknown' : decideStepResume(record, checked);
    const said =
      checked === undefined
        ? 'there is no check for it'
        : `the check says ${checked.reason ?? checked.outcome}`;
    const reason =
      decision === 'done' ? undefined : `a previous attempt started and recorded no outcome; ${said}`;
    await deps.records.recordOutcome(ref, {
      outcome: decision === 'done' ? 'ok' : decision === 'failed' ? 'failed' : 'unknown',
      ...(reason === undefined ? {} : { reason }),
      source: 'check',
      finishedAt: deps.clock.now(),
    });
    await deps.onStep?.({ type: 'settled-by-check', stepId: step.id, phase: step.phase, decision });
  }
  if (decision !== 'run' && decision !== 'check')
    return settledFrom(decision, (await deps.records.read(ref))?.outcome);

  const claimed = await deps.records.recordStart(ref, {
    executor: executor.name,
    renderedMasked: describe,
    approvedBy: deps.approvedBy,
    startedAt: deps.clock.now(),
  });
  if (!claimed) return { settled: 'contended' };
  await deps.onStep?.({ type: 'started', stepId: step.id, phase: step.phase });
  const result = await call();
  await deps.records.recordOutcome(ref, {
    outcome: result.outcome,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    source: 'executor',
    finishedAt: deps.clock.now(),
    result,
  });
  await deps.onStep?.({ type: 'finished', stepId: step.id, phase: step.phase, result });
  return result.outcome === 'ok'
    ? { settled: 'done', result }
    : { settled: result.outcome, reason: result.reason ?? `the step answered ${result.outcome}`, result };
}

function settledFrom(
  decision: 'done' | 'failed' | 'unknown',
  outcome: { reason?: string; result?: ExecutorResult } | undefined,
): CallSettled {
  const result = outcome?.result === undefined ? {} : { result: outcome.result };
  if (decision === 'done') return { settled: 'done', ...result };
  return { settled: decision, reason: outcome?.reason ?? `recorded as ${decision}`, ...result };
}
