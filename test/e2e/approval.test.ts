import { afterEach, describe, expect, it } from 'vitest';
import { serviceHealth } from '../../src/sim/estate/health.js';
import {
  APPROVE,
  CHANGES_FEEDBACK_BLOCK,
  CHANGES_FEEDBACK_INPUT,
  MANUAL_STEP_DONE,
  OVERRIDE,
  OVERRIDE_MODAL,
  OVERRIDE_STEPS_BLOCK,
  OVERRIDE_STEPS_INPUT,
  REJECT,
  REJECT_MODAL,
  REJECT_REASON_BLOCK,
  REJECT_REASON_INPUT,
  REQUEST_CHANGES,
  REQUEST_CHANGES_MODAL,
} from '../../src/slack/action-ids.js';
import { click, ephemeralsFor, hasButton, submitModal, threadMessage } from '../support/approval-flow.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { waitFor, waitForStatus } from '../support/test-runtime.js';

const CHANNEL = 'C0APPROVALS';
const ONCALL = 'U0ONCALL';
const SECOND = 'U0SECOND';
const pending = (message: { blocks?: unknown[] }) => hasButton(message as never, APPROVE);

async function injectAndWaitForApproval(e2e: E2E, text = 'full', id = 'INC-0001') {
  await e2e.driver.slashCommand({ command: '/inject', text, userId: ONCALL, channelId: CHANNEL });
  return threadMessage(e2e, CHANNEL, id, 'approval:r1', (message) => hasButton(message, REJECT));
}

function cardText(e2e: E2E, id = 'INC-0001') {
  return e2e.emulator.messages(CHANNEL).find((message) => message.text.startsWith(`${id} · `))?.text ?? '';
}

async function waitForCard(e2e: E2E, prefix: string, timeoutMs = 30_000) {
  return waitFor(() => (cardText(e2e).startsWith(prefix) ? cardText(e2e) : undefined), {
    timeoutMs,
    what: `card ${prefix}`,
  });
}

describe('human in the loop, end to end', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it('/inject full → Approve → remediated, verified, card Resolved and the estate healthy', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e);
    await expect(e2e.warroom.runtime.ctx.tickets.require('INC-0001')).resolves.toMatchObject({
      status: 'Awaiting_Approval',
    });
    // sev1: the Approve button asks for confirmation in Slack's own dialog.
    expect(JSON.stringify(message.blocks)).toMatch(/"confirm"/);

    expect((await click(e2e, ONCALL, CHANNEL, message, APPROVE)).status).toBe(200);
    await waitForCard(e2e, 'INC-0001 · Resolved');
    const decided = await threadMessage(
      e2e,
      CHANNEL,
      'INC-0001',
      'approval:r1',
      (current) => !pending(current),
    );
    expect(JSON.stringify(decided.message.blocks)).toMatch(new RegExp(`<@${ONCALL}>`));
    await threadMessage(e2e, CHANNEL, 'INC-0001', 'resolution');
    const estate = await e2e.warroom.runtime.ctx.estate.read();
    expect(serviceHealth(estate, 'web-edge').status).toBe('healthy');
  });

  it('Reject asks for a reason and puts it on the card', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e, 'crash api');
    await click(e2e, ONCALL, CHANNEL, message, REJECT);
    const submitted = await submitModal(e2e, ONCALL, REJECT_MODAL, {
      [REJECT_REASON_BLOCK]: { [REJECT_REASON_INPUT]: 'known issue, vendor fix landing in an hour' },
    });
    expect(submitted.status).toBe(200);
    const card = await waitForCard(e2e, 'INC-0001 · Rejected');
    const root = e2e.emulator.messages(CHANNEL)[0];
    expect(JSON.stringify(root?.blocks)).toMatch(/vendor fix landing/);
    expect(card).toBeTruthy();
    const timeline = await e2e.warroom.runtime.ctx.timeline.read('INC-0001');
    expect(timeline.find((entry) => entry.type === 'decision')).toMatchObject({
      by: ONCALL,
      data: { decision: 'rejected', reason: 'known issue, vendor fix landing in an hour' },
    });
  });

  it('Override runs the human plan through the fixers and verification', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e, 'crash api');
    await click(e2e, ONCALL, CHANNEL, message, OVERRIDE);
    await submitModal(e2e, ONCALL, OVERRIDE_MODAL, {
      [OVERRIDE_STEPS_BLOCK]: { [OVERRIDE_STEPS_INPUT]: 'restart api pods one by one\nscale up api' },
    });
    await waitForCard(e2e, 'INC-0001 · Resolved');
    const ticket = await e2e.warroom.runtime.ctx.tickets.require('INC-0001');
    expect(ticket.recommendations.map((action) => action.kind)).toEqual(['restart', 'scale_up']);
  });

  it('refuses an unsafe override in the modal itself and runs nothing', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e, 'disk_full storage');
    await click(e2e, ONCALL, CHANNEL, message, OVERRIDE);
    const response = await submitModal(e2e, ONCALL, OVERRIDE_MODAL, {
      [OVERRIDE_STEPS_BLOCK]: { [OVERRIDE_STEPS_INPUT]: 'free some space\nsudo rm -rf /var/lib/postgresql' },
    });
    const body = response.json as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors?.[OVERRIDE_STEPS_BLOCK]).toMatch(/line 2/);
    // A submission is claimed before its ack: the errors answer means no decision was taken.
    expect((await e2e.warroom.runtime.ctx.approvals.book('INC-0001')).rounds[0]?.state).toBe('pending');
    expect((await e2e.warroom.runtime.ctx.tickets.require('INC-0001')).status).toBe('Awaiting_Approval');

    // Positive control: the same modal with a safe plan is taken, and the plan runs.
    const safe = await submitModal(e2e, ONCALL, OVERRIDE_MODAL, {
      [OVERRIDE_STEPS_BLOCK]: { [OVERRIDE_STEPS_INPUT]: 'free some space' },
    });
    expect(safe.status).toBe(200);
    expect((await e2e.warroom.runtime.ctx.approvals.book('INC-0001')).rounds[0]?.decision?.kind).toBe(
      'overridden',
    );
    await waitForStatus(e2e.warroom.runtime, 'INC-0001', ['Remediating', 'Resolved', 'Partially_Resolved']);
  });

  it('Request changes plans again with the feedback and supersedes the old approval', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e, 'memory_leak worker');
    await click(e2e, ONCALL, CHANNEL, message, REQUEST_CHANGES);
    await submitModal(e2e, ONCALL, REQUEST_CHANGES_MODAL, {
      [CHANGES_FEEDBACK_BLOCK]: { [CHANGES_FEEDBACK_INPUT]: 'avoid restart during business hours' },
    });
    const second = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r2', pending);
    expect(JSON.stringify(second.message.blocks)).not.toMatch(/`restart`/);
    // Round 1's message first shows the change request (round 2 may not be open yet when that
    // update goes out), then that round 2 superseded it.
    const first = await threadMessage(
      e2e,
      CHANNEL,
      'INC-0001',
      'approval:r1',
      (current) => !pending(current) && /[Ss]uperseded/.test(JSON.stringify(current.blocks)),
    );
    expect(JSON.stringify(first.message.blocks)).toMatch(/[Ss]uperseded/);
    expect(hasButton(first.message, REJECT)).toBe(false);
  });

  it('lets exactly one of two simultaneous approvals win; the other hears who decided', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e, 'slow database');
    const [a, b] = await Promise.all([
      click(e2e, ONCALL, CHANNEL, message, APPROVE),
      click(e2e, SECOND, CHANNEL, message, APPROVE),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await waitForCard(e2e, 'INC-0001 · Resolved');
    const timeline = await e2e.warroom.runtime.ctx.timeline.read('INC-0001');
    expect(timeline.filter((entry) => entry.type === 'decision')).toHaveLength(1);
    const refusals = [...ephemeralsFor(e2e, ONCALL), ...ephemeralsFor(e2e, SECOND)];
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/already approved by <@U0(ONCALL|SECOND)>/);
  });

  it('refuses a user outside APPROVERS and changes nothing', async () => {
    e2e = await startE2E({ env: { APPROVERS: ONCALL } });
    const { message } = await injectAndWaitForApproval(e2e, 'crash api');
    await click(e2e, SECOND, CHANNEL, message, APPROVE);
    await waitFor(() => (ephemeralsFor(e2e as E2E, SECOND).length > 0 ? true : undefined));
    expect(ephemeralsFor(e2e, SECOND)[0]).toMatch(/Only approvers can decide/);
    await click(e2e, SECOND, CHANNEL, message, REJECT);
    await waitFor(() => (ephemeralsFor(e2e as E2E, SECOND).length > 1 ? true : undefined));
    expect(e2e.emulator.views().filter((view) => view.user === SECOND)).toEqual([]);
    expect((await e2e.warroom.runtime.ctx.tickets.require('INC-0001')).status).toBe('Awaiting_Approval');
    expect((await e2e.warroom.runtime.ctx.approvals.book('INC-0001')).rounds[0]?.state).toBe('pending');
  });

  it('reminds half-way through a short timeout, then hands over as Needs_Followup', async () => {
    // Long enough for the thread's six posts (one a second per channel) to show the approval
    // while it is still open: a sync renders what is true when it posts, not a stale copy.
    e2e = await startE2E({ env: { HITL_TIMEOUT_SECONDS: '8', APPROVERS: `${ONCALL},${SECOND}` } });
    await injectAndWaitForApproval(e2e, 'crash api');
    const reminder = await threadMessage(e2e, CHANNEL, 'INC-0001', 'reminder:r1');
    expect(reminder.message.text + JSON.stringify(reminder.message.blocks)).toMatch(
      new RegExp(`<@${ONCALL}>`),
    );
    await waitForCard(e2e, 'INC-0001 · Needs Followup');
    const resolution = await threadMessage(e2e, CHANNEL, 'INC-0001', 'resolution');
    expect(JSON.stringify(resolution.message.blocks)).toMatch(/No decision within 8 s/);
  });

  it('survives a restart while a decision is pending: Approve afterwards completes the incident', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e, 'bad_config auth');
    const prefix = e2e.prefix;
    const emulator = e2e.emulator;
    await e2e.warroom.close();
    // The same Redis prefix and Slack workspace, a brand-new process.
    const restarted = await startE2E({ env: { REDIS_PREFIX: prefix }, reuseEmulator: emulator });
    e2e = restarted;
    await click(restarted, ONCALL, CHANNEL, message, APPROVE);
    await waitForCard(restarted, 'INC-0001 · Resolved');
  });

  it('rolls back a fixer step that makes health worse and does not call it resolved', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e, 'slow database');
    await click(e2e, ONCALL, CHANNEL, message, OVERRIDE);
    await submitModal(e2e, ONCALL, OVERRIDE_MODAL, {
      [OVERRIDE_STEPS_BLOCK]: { [OVERRIDE_STEPS_INPUT]: 'flush the cache on cache' },
    });
    const card = await waitFor(
      () =>
        /INC-0001 · (Needs Followup|Partially Resolved)/.test(cardText(e2e as E2E))
          ? cardText(e2e as E2E)
          : undefined,
      { timeoutMs: 30_000, what: 'a final card' },
    );
    expect(card).not.toMatch(/· Resolved/);
    const resolution = await threadMessage(e2e, CHANNEL, 'INC-0001', 'resolution');
    expect(JSON.stringify(resolution.message.blocks)).toMatch(/rolled back/);
  });
});

describe('manual steps in an override', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it('shows a manual step as a checklist item; ticking it lets remediation finish', async () => {
    e2e = await startE2E();
    const { message } = await injectAndWaitForApproval(e2e, 'crash api');
    await click(e2e, ONCALL, CHANNEL, message, OVERRIDE);
    await submitModal(e2e, ONCALL, OVERRIDE_MODAL, {
      [OVERRIDE_STEPS_BLOCK]: {
        [OVERRIDE_STEPS_INPUT]: 'restart api\ncheck the checkout funnel with the product team',
      },
    });
    const checklist = await threadMessage(e2e, CHANNEL, 'INC-0001', 'manual', (current) =>
      JSON.stringify(current.blocks).includes(MANUAL_STEP_DONE),
    );
    expect(JSON.stringify(checklist.message.blocks)).toMatch(/checkout funnel/);
    expect((await e2e.warroom.runtime.ctx.tickets.require('INC-0001')).status).toBe('Remediating');
    const done = `${MANUAL_STEP_DONE}:h2`;
    const clicked = await e2e.driver.blockAction({
      userId: ONCALL,
      channelId: CHANNEL,
      messageTs: checklist.message.ts,
      actionId: done,
      value: 'INC-0001:h2',
    });
    expect(clicked.status).toBe(200);
    await waitForCard(e2e, 'INC-0001 · Resolved');
    const ticked = await threadMessage(
      e2e,
      CHANNEL,
      'INC-0001',
      'manual',
      (current) => !JSON.stringify(current.blocks).includes(MANUAL_STEP_DONE),
    );
    expect(JSON.stringify(ticked.message.blocks)).toMatch(/✅/);
    const timeline = await e2e.warroom.runtime.ctx.timeline.read('INC-0001');
    expect(timeline.find((entry) => entry.type === 'manual_step.done')).toMatchObject({
      by: ONCALL,
      data: { actionId: 'h2' },
    });
  });
});
