import type { ExecutorResult } from '../executors/port.js';
import type { StepRecord } from '../store/step-records.js';

/**
 * What to do with a step found in the records, pure. `check`: a start with no outcome, so ask the
 * executor's read-only check first and decide again with its answer.
 */
export type StepResumeDecision = 'run' | 'check' | 'done' | 'failed' | 'unknown';

export function decideStepResume(
  record: StepRecord | undefined,
  checkResult?: ExecutorResult,
): StepResumeDecision {
  if (record === undefined) return 'run';
  if (record.outcome !== undefined) {
    const { outcome } = record.outcome;
    return outcome === 'ok' ? 'done' : outcome;
  }
  if (checkResult === undefined) return 'check';
  // The target is as the step leaves it: it ran. Not as it leaves it: it did not take effect, and
  // running it again is what the rule forbids. Anything else cannot tell: people decide.
  if (checkResult.outcome === 'ok') return 'done';
  if (checkResult.outcome === 'failed') return 'failed';
  return 'unknown';
}
