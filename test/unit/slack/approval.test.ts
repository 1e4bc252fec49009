import { describe, expect, it } from 'vitest';
import {
  APPROVAL_ACTIONS_BLOCK,
  APPROVE,
  OVERRIDE,
  parseActionValue,
  REJECT,
  REQUEST_CHANGES,
} from '../../../src/slack/action-ids.js';
import { type ApprovalView, approvalMessage } from '../../../src/slack/blocks/approval.js';
import type { ActionsBlock, Button } from '../../../src/slack/blocks/slack-types.js';
import { approval, NOW } from './views.js';

function buttons(view: ApprovalView): Button[] {
  const block = approvalMessage(view).blocks.find((b): b is ActionsBlock => b.type === 'actions');
  return (block?.elements ?? []) as Button[];
}

describe('approvalMessage', () => {
  it('offers the four decisions while pending, each carrying the incident and round', () => {
    const shown = buttons({ ...approval, round: 3 });
    expect(shown.map((b) => b.text.text)).toEqual(['Approve', 'Reject', 'Override', 'Request changes']);
    expect(shown.map((b) => b.action_id)).toEqual([APPROVE, REJECT, OVERRIDE, REQUEST_CHANGES]);
    expect(shown.map((b) => b.style)).toEqual(['primary', 'danger', undefined, undefined]);
    for (const b of shown) expect(parseActionValue(b.value)).toEqual({ id: 'INC-0007', round: 3 });
    const actionsBlock = approvalMessage(approval).blocks.find((b) => b.type === 'actions');
    expect(actionsBlock?.block_id).toBe(APPROVAL_ACTIONS_BLOCK);
  });

  it("shows a runbook plan's dry run step by step: executor, masked action, status, duration and excerpt", () => {
    const view: ApprovalView = {
      ...approval,
      dryRun: {
        helps: false,
        summary: 'Runbook restart-web: 1 of 2 step(s) dry-run ok through their executors',
        predicted: [],
        steps: [
          {
            stepId: 'restart',
            executor: 'lab-supervisor',
            outcome: 'ok',
            action: 'supervisor restart web at 127.0.0.1:9001',
            durationMs: 12,
            excerpt: 'web is RUNNING (pid 4242)',
          },
          {
            stepId: 'notify',
            executor: 'automation',
            outcome: 'failed',
            action: 'POST /hooks/notify',
            status: 503,
            durationMs: 40,
            excerpt: 'the endpoint answered 503',
          },
        ],
      },
    };
    const text = JSON.stringify(approvalMessage(view).blocks);
    expect(text).toContain(
      '✅ `restart` via `lab-supervisor`: supervisor restart web at 127.0.0.1:9001 · 12 ms',
    );
    expect(text).toContain('❌ `notify` via `automation`: POST /hooks/notify · status 503 · 40 ms');
    expect(text).toContain('the endpoint answered 503');
  });

  it('asks for confirmation before approving a sev1 only', () => {
    expect(buttons({ ...approval, sev: 'sev1' })[0]?.confirm?.title?.text).toBe('Approve on sev1?');
    expect(buttons({ ...approval, sev: 'sev2' })[0]?.confirm).toBeUndefined();
  });

  it('drops Approve and says why when the guard blocks', () => {
    const view: ApprovalView = { ...approval, guard: { verdict: 'block', findings: [] } };
    expect(buttons(view).map((b) => b.action_id)).toEqual([OVERRIDE, REJECT, REQUEST_CHANGES]);
    expect(JSON.stringify(approvalMessage(view))).toContain('Approve is unavailable');
  });

  it('freezes once decided: no buttons, who decided what and when', () => {
    const view: ApprovalView = {
      ...approval,
      state: { kind: 'decided', decision: 'approved', by: 'U123', at: NOW, reason: 'looks right' },
    };
    const message = approvalMessage(view);
    expect(buttons(view)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('✅ *Approved* by <@U123>');
    expect(message.text).toBe('INC-0007 round 1: Approved by <@U123>');
  });

  it('says which round superseded it', () => {
    const view: ApprovalView = { ...approval, state: { kind: 'superseded', byRound: 2 } };
    expect(buttons(view)).toEqual([]);
    expect(JSON.stringify(approvalMessage(view).blocks)).toContain('Superseded by round 2');
  });

  it('warns when the kill switch is on and pings approvers only while pending', () => {
    const json = JSON.stringify(approvalMessage({ ...approval, killSwitch: true }));
    expect(json).toContain('Kill switch is on');
    expect(json).toContain('cc <@U0ONCALL> <!subteam^S0SRE>');
    const decided = approvalMessage({
      ...approval,
      state: { kind: 'decided', decision: 'timed_out', at: NOW },
    });
    expect(JSON.stringify(decided)).not.toContain('<@U0ONCALL>');
  });

  it('keeps action ids unique within every message, whatever the state', () => {
    const states: ApprovalView['state'][] = [
      { kind: 'pending' },
      { kind: 'decided', decision: 'rejected', by: 'U1', at: NOW },
      { kind: 'superseded', byRound: 4 },
    ];
    for (const state of states) {
      const ids = buttons({ ...approval, state }).map((b) => b.action_id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
