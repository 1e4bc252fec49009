import { describe, expect, it } from 'vitest';
import type { ExecutorResult, Outcome } from '../../../src/executors/port.js';
import { decideStepResume } from '../../../src/runner/step-resume.js';
import type { StepRecord } from '../../../src/store/step-records.js';

const started: StepRecord = {
  ref: { incidentId: 'INC-0001', round: 1, stepId: 'restart', phase: 'apply' },
  start: { executor: 'lab-host', renderedMasked: 'restart api', approvedBy: ['U0LEAD'], startedAt: 1 },
};
const finished = (outcome: Outcome): StepRecord => ({
  ...started,
  outcome: { outcome, source: 'executor', finishedAt: 2 },
});
const check = (outcome: Outcome): ExecutorResult => ({
  outcome,
  executor: { name: 'lab-host', kind: 'local' },
  mode: 'check',
  action: 'is-active api',
  durationMs: 3,
  output: '',
});

describe('deciding what to do with a recorded step', () => {
  it('runs a step with no record', () => {
    expect(decideStepResume(undefined)).toBe('run');
  });

  it('never runs a step with a recorded outcome again', () => {
    expect(decideStepResume(finished('ok'))).toBe('done');
    expect(decideStepResume(finished('failed'))).toBe('failed');
    expect(decideStepResume(finished('unknown'))).toBe('unknown');
    expect(decideStepResume(finished('ok'), check('failed'))).toBe('done');
  });

  it('asks for the read-only check on a start with no outcome, and follows its answer', () => {
    expect(decideStepResume(started)).toBe('check');
    expect(decideStepResume(started, check('ok'))).toBe('done');
    expect(decideStepResume(started, check('failed'))).toBe('failed');
    expect(decideStepResume(started, check('unknown'))).toBe('unknown');
  });
});
