import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '../../../src/domain/runbook-plan.js';
import { type RunbookStepEntry, runbookStepLine } from '../../../src/domain/runbook-step-entry.js';
import { unfinishedRunVerdict } from '../../../src/pipeline/remediation/runbook-verify.js';

const restart: RunbookStepEntry = {
  round: 1,
  runbookId: 'restart-shop',
  stepId: 'restart',
  phase: 'apply',
  executor: 'lab-supervisor',
  action: 'supervisor restart shop at 127.0.0.1:9001',
  outcome: 'ok',
  status: 0,
  durationMs: 1234,
  excerpt: 'now shop RUNNING (pid 42)',
  approvedBy: ['U0LEAD'],
  settledBy: 'executor',
};

const plan: RunbookPlan = {
  runbookId: 'restart-shop',
  title: 'Restart shop',
  service: 'shop',
  params: {},
  autoEligible: false,
  steps: [
    {
      stepId: 'restart',
      title: 'Restart',
      executor: 'lab-supervisor',
      action: 'restart shop',
      risk: 'medium',
      approval: 'plan',
    },
  ],
};

describe('a runbook step in the thread and the postmortem', () => {
  it('names the step, executor, masked action, outcome, status, duration, approver and excerpt', () => {
    expect(runbookStepLine(restart)).toBe(
      'step restart via lab-supervisor (supervisor restart shop at 127.0.0.1:9001): ok, status 0, 1234 ms; approved by U0LEAD: now shop RUNNING (pid 42)',
    );
  });

  it('says when a read-only check settled a step and that it was not run again', () => {
    const line = runbookStepLine({ ...restart, phase: 'rollback', settledBy: 'check', outcome: 'unknown' });
    expect(line).toMatch(
      /^rollback of restart via lab-supervisor .*: unknown \(settled by a read-only check, not run again\)/,
    );
  });
});

describe('a runbook plan the runner did not complete', () => {
  it('is never Resolved: a failure names its step and the rollbacks, an unknown outcome goes to people', () => {
    expect(unfinishedRunVerdict(plan, { status: 'completed' })).toBeUndefined();
    expect(unfinishedRunVerdict(plan, { status: 'failed', stepId: 'restart', reason: 'BAD_NAME' })).toEqual({
      status: 'Needs_Followup',
      summary:
        'Runbook restart-shop failed at step restart (BAD_NAME); the steps done before were rolled back, newest first',
      checks: [],
    });
    expect(unfinishedRunVerdict(plan, { status: 'outcome-unknown', stepId: 'restart' })?.summary).toContain(
      'the outcome is unknown, handed to people and never run again',
    );
  });
});
