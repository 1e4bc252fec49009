import { afterEach, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '../../../src/domain/runbook-plan.js';
import { decideStep } from '../../../src/pipeline/hitl/step-decision.js';
import {
  requestStepApproval,
  stepApprovalRequest,
  waitsForStepApproval,
} from '../../../src/pipeline/remediation/step-approval.js';
import { openApiIncident } from '../../support/stage-runs.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

const PLAN: RunbookPlan = {
  runbookId: 'restart-api',
  title: 'Restart api',
  service: 'api',
  params: {},
  autoEligible: false,
  steps: [
    {
      stepId: 'restart',
      title: 'Restart api',
      executor: 'lab-supervisor',
      action: 'supervisor lab-supervisor: restart program api',
      risk: 'high',
      approval: 'per-step',
    },
  ],
};

describe('a per-step approval waits, at most for the HITL timeout, on real Redis', () => {
  let runtime: TestRuntime | undefined;
  afterEach(() => runtime?.dispose());

  it('is asked once; times out into a refusal nobody can overturn; a late click is told so', async () => {
    let now = new Date('2026-12-06T04:00:00Z');
    runtime = createTestRuntime({ now: () => now });
    const { ctx } = runtime;
    const { id } = await openApiIncident(ctx, 'C0STEPS');
    const request = stepApprovalRequest(PLAN, 1, 'restart', now, 60);
    if (request === undefined) throw new Error('no request');
    await requestStepApproval(ctx, id, request);
    await requestStepApproval(ctx, id, { ...request, requestedAt: new Date().toISOString() });
    const asked = (await ctx.timeline.read(id)).filter(
      (entry) => entry.type === 'runbook.step_approval.requested',
    );
    expect(asked.map((entry) => entry.data)).toEqual([
      { round: 1, runbookId: 'restart-api', stepId: 'restart', risk: 'high', guard: 'allow' },
    ]);
    expect(await waitsForStepApproval(ctx, id, 1)).toBe(true);

    now = new Date('2026-12-06T04:01:01Z');
    expect(await waitsForStepApproval(ctx, id, 1)).toBe(false);
    expect((await ctx.stepApprovals.read(id, { round: 1, stepId: 'restart' }))?.decision).toEqual({
      kind: 'timed_out',
      at: '2026-12-06T04:01:01.000Z',
    });
    const decided = (await ctx.timeline.read(id)).filter(
      (entry) => entry.type === 'runbook.step_approval.decided',
    );
    expect(decided.map((entry) => entry.data)).toEqual([
      { round: 1, stepId: 'restart', decision: 'timed_out', reason: 'nobody approved the step in time' },
    ]);
    // The first decision stands: a click that comes after the timeout changes nothing.
    const late = await ctx.stepApprovals.decide(
      id,
      { round: 1, stepId: 'restart' },
      { kind: 'approved', by: 'U0LATE', at: now.toISOString() },
    );
    expect(late).toMatchObject({ won: false, decision: { kind: 'timed_out' } });
    expect(
      await decideStep(
        ctx,
        { incidentId: id, round: 1, stepId: 'other' },
        { kind: 'approved', by: 'U0LATE' },
      ),
    ).toEqual({
      kind: 'unknown_step',
    });
  });
});
