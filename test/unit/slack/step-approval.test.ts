import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '../../../src/domain/runbook-plan.js';
import { stepDecisionsOf } from '../../../src/domain/step-approval.js';
import { stepApprovalRequest } from '../../../src/pipeline/remediation/step-approval.js';
import { parseStepActionValue, STEP_APPROVE, STEP_REJECT } from '../../../src/slack/action-ids.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { stepApprovalMessage } from '../../../src/slack/blocks/step-approval.js';

const STEP: RunbookPlan['steps'][number] = {
  stepId: 'restart',
  title: 'Restart the shop program',
  executor: 'lab-supervisor',
  action: 'supervisor lab-supervisor: restart program shop',
  risk: 'high',
  approval: 'per-step',
};
const PLAN: RunbookPlan = {
  runbookId: 'restart-shop-gated',
  title: 'Restart shop',
  service: 'shop',
  params: {},
  autoEligible: false,
  steps: [STEP],
};
const NOW = new Date('2026-12-06T04:00:00Z');

describe('per-step approval', () => {
  it('asks with the step title, rendered action, risk, guard verdict and a deadline', () => {
    const request = stepApprovalRequest(PLAN, 1, 'restart', NOW, 900);
    expect(request).toMatchObject({
      round: 1,
      stepId: 'restart',
      runbookId: 'restart-shop-gated',
      risk: 'high',
      guard: { verdict: 'allow', reasons: [] },
      requestedAt: '2026-12-06T04:00:00.000Z',
      expiresAt: '2026-12-06T04:15:00.000Z',
    });
    expect(stepApprovalRequest(PLAN, 1, 'nope', NOW, 900)).toBeUndefined();
  });

  it('the message shows Approve and Reject while pending, the decision once made, within Slack limits', () => {
    const request = stepApprovalRequest(PLAN, 1, 'restart', NOW, 900);
    if (request === undefined) throw new Error('no request');
    const pending = stepApprovalMessage({ id: 'INC-0007', ...request, approvers: ['U0LEAD1'] });
    expect(checkMessageLimits(pending, 'message')).toEqual([]);
    const json = JSON.stringify(pending.blocks);
    for (const id of [STEP_APPROVE, STEP_REJECT]) expect(json).toContain(`"action_id":"${id}"`);
    expect(json).toContain('"value":"INC-0007:1:restart"');
    expect(json).toContain('restart program shop');
    expect(json).toContain('🔴 high');
    expect(pending.text).toBe('INC-0007: runbook step restart waiting for approval');
    const rejected = stepApprovalMessage({
      id: 'INC-0007',
      ...request,
      approvers: ['U0LEAD1'],
      decision: { kind: 'rejected', by: 'U0LEAD1' },
    });
    expect(JSON.stringify(rejected.blocks)).not.toContain(STEP_APPROVE);
    expect(JSON.stringify(rejected.blocks)).toContain('Rejected by <@U0LEAD1>');
  });

  it('button values parse back to incident, round and step; anything else is refused', () => {
    expect(parseStepActionValue('INC-0007:1:restart')).toEqual({
      id: 'INC-0007',
      round: 1,
      stepId: 'restart',
    });
    for (const bad of ['INC-0007:1', 'INC-0007:x:restart', 'INC-0007:1:Restart;rm', 'nope:1:restart'])
      expect(parseStepActionValue(bad)).toBeUndefined();
  });

  it('decisions of a round: approved steps with who approved, refused ones with why', () => {
    const request = stepApprovalRequest(PLAN, 1, 'restart', NOW, 900);
    if (request === undefined) throw new Error('no request');
    const at = NOW.toISOString();
    const other = { ...request, stepId: 'other' };
    const decided = stepDecisionsOf(
      [
        { request, decision: { kind: 'approved', by: 'U0LEAD1', at } },
        { request: other, decision: { kind: 'timed_out', at } },
        { request: { ...request, round: 2 }, decision: { kind: 'rejected', by: 'U2', at } },
      ],
      1,
    );
    expect([...decided.approved]).toEqual(['restart']);
    expect(decided.approvedBy).toEqual(['U0LEAD1']);
    expect([...decided.refused]).toEqual([['other', 'nobody approved the step in time']]);
  });
});
