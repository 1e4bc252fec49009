import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../src/dev/slack-emulator/validate-blocks.js';
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
import { refusalText } from '../../../src/slack/listeners/decision-replies.js';
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

describe('approvalMessage: a plan whose services have different approvers', () => {
  it('names each part, who may approve it, and who did; one part shows nothing extra', () => {
    const parts = [
      { services: ['payments'], approvers: ['U0PAYLEAD', 'S0PAYSRE'], approvedBy: 'U0PAYLEAD' },
      { services: ['ledger-db'], approvers: ['U0DBA'] },
    ];
    const text = JSON.stringify(approvalMessage({ ...approval, parts }).blocks);
    expect(text).toContain("*Each service's steps need an approver of their own*");
    expect(text).toContain('• `payments`: <@U0PAYLEAD> <!subteam^S0PAYSRE> · ✅ approved by <@U0PAYLEAD>');
    expect(text).toContain('• `ledger-db`: <@U0DBA> · ⏳ waiting');
    const single = JSON.stringify(approvalMessage({ ...approval, parts: parts.slice(0, 1) }).blocks);
    expect(single).not.toContain('need an approver of their own');
    expect(validateBlocks(approvalMessage({ ...approval, parts }).blocks, 'message')).toEqual([]);
  });

  it('tells a partial approver what still waits, and a refused one which groups could not be read', () => {
    const payments = { key: 'U0PAYLEAD', services: ['payments'], approvers: ['U0PAYLEAD'] };
    const ledger = { key: 'S0DBA', services: ['ledger-db'], approvers: ['S0DBA'] };
    expect(refusalText('INC-0007', { kind: 'partial', approved: [payments], waiting: [ledger] })).toBe(
      "You approved the steps on payments for INC-0007. Nothing runs until every service's steps are approved: still waiting for ledger-db (<!subteam^S0DBA>).",
    );
    expect(
      refusalText('INC-0007', {
        kind: 'not_allowed',
        approvers: ['S0DBA'],
        unreadable: [{ group: 'S0DBA', reason: 'Slack knows no user group S0DBA (no_such_subteam)' }],
      }),
    ).toBe(
      'Only approvers can decide on INC-0007: <!subteam^S0DBA>. Could not check whether you belong to <!subteam^S0DBA>: Slack knows no user group S0DBA (no_such_subteam). Nothing was changed; ask one of them.',
    );
  });
});
