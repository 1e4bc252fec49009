import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/dev/slack-emulator/index.js';
import { APPROVE } from '../../src/slack/action-ids.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { settled } from '../support/job-events.js';
import { threadKeys } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const USER = 'U0ONCALL';

interface TaskCard {
  task_id: string;
  title: string;
  status: string;
  output?: unknown;
}
interface PlanBlock {
  type: 'plan';
  title: string;
  tasks: TaskCard[];
}

function planOf(message: StoredMessage | undefined): PlanBlock | undefined {
  const first = message?.blocks?.[0] as PlanBlock | undefined;
  return first?.type === 'plan' ? first : undefined;
}

/** The value the Approve button carries, wherever it sits in the message. */
function approveValue(message: StoredMessage | undefined): string {
  const found = JSON.stringify(message?.blocks ?? []).match(
    new RegExp(
      `"action_id":"${APPROVE}"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"${APPROVE}"`,
    ),
  );
  return found?.[1] ?? found?.[2] ?? '';
}

function plansIn(thread: StoredMessage[]): StoredMessage[] {
  return thread.filter((message) => planOf(message) !== undefined);
}

/**
 * What a plan shows once the diagnosis is over, without what differs between two runs of the same
 * fault (the incident id, durations, the time of the last change).
 */
function finalContent(message: StoredMessage | undefined) {
  const plan = planOf(message);
  return {
    title: plan?.title.replace(/INC-\d+/, 'INC-n'),
    tasks: plan?.tasks.map(({ task_id, title, status, output }) => ({ task_id, title, status, output })),
    blockTypes: message?.blocks?.map((block) => (block as { type: string }).type),
  };
}

async function injectAndSettle(e2e: E2E, channel: string, fault = 'crash api') {
  const response = await e2e.driver.slashCommand({
    command: '/inject',
    text: fault,
    userId: USER,
    channelId: channel,
  });
  expect(response.status).toBe(200);
  const done = await waitFor(
    () => {
      const card = e2e.emulator.messages(channel)[0];
      if (!card?.text.includes('Awaiting Approval')) return undefined;
      const thread = e2e.emulator.thread(channel, card.ts);
      const plan = plansIn(thread)[0];
      const tally = /(\d+)\/(\d+) stages done/.exec(planOf(plan)?.title ?? '');
      const complete = tally && tally[1] === tally[2];
      return complete && threadKeys(thread).includes('chart') ? { card, thread } : undefined;
    },
    { what: `the incident in ${channel} to settle with its plan complete` },
  );
  await settled(e2e.warroom.runtime);
  const thread = e2e.emulator.thread(channel, done.card.ts);
  return { card: e2e.emulator.messages(channel)[0] ?? done.card, thread };
}

describe('the crew as a live plan, streamed (one app, Redis and the Slack emulator shared by every case)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e.close();
  });
  beforeEach(() => {
    e2e.emulator.refuseStreams(undefined);
    e2e.emulator.expireStreamsAfter(undefined);
  });

  it('streams the diagnosis to whoever injected it and ends with the same content as the posted fallback', async () => {
    const streamed = await injectAndSettle(e2e, 'C0STREAMED');
    // The same fault again, once the first is closed (an open one would make it a duplicate).
    const closed = await e2e.driver.slashCommand({
      command: '/incident',
      text: `resolve ${streamed.card.text.slice(0, 8)} fixed by hand`,
      userId: USER,
      channelId: 'C0STREAMED',
    });
    expect(closed.status).toBe(200);
    await waitFor(
      () => (e2e.emulator.messages('C0STREAMED')[0]?.text.includes('Resolved') ? true : undefined),
      {
        what: 'the first incident to close',
      },
    );
    e2e.emulator.refuseStreams('not_allowed_token_type');
    const posted = await injectAndSettle(e2e, 'C0POSTED');

    // Streamed: the plan is the thread's first post, the approval message its second.
    expect(threadKeys(streamed.thread).slice(0, 2)).toEqual(['progress', 'approval:r1']);
    const streamedPlan = streamed.thread[0];
    expect(streamedPlan?.stream).toMatchObject({
      recipientUser: USER,
      taskDisplayMode: 'plan',
      ended: 'stopped',
    });
    expect(streamedPlan?.stream?.chunks.some((chunk) => chunk.type === 'task_update')).toBe(true);
    // Posted (the stream refused): held until the approval message, then posted with chat.postMessage.
    expect(threadKeys(posted.thread)).toEqual(['approval:r1', 'rca', 'chart', 'progress']);
    const postedPlan = posted.thread[3];
    expect(postedPlan?.stream).toBeUndefined();

    expect(finalContent(streamedPlan)).toEqual(finalContent(postedPlan));
    const plan = planOf(streamedPlan);
    expect(plan?.tasks.length).toBeGreaterThanOrEqual(8);
    expect(plan?.tasks.every((task) => task.status === 'complete')).toBe(true);
    expect(plan?.tasks.map((task) => task.title)).toContain('Compute specialist');
    // Both carry the outbox's key once final, so a lost answer is found again either way.
    expect(streamedPlan?.metadata?.event_payload).toMatchObject({ key: 'progress' });
  });

  it('a stream that expires mid-way falls back to chat.update of the same message: no duplicate, no stage lost', async () => {
    e2e.emulator.expireStreamsAfter(0);
    const channel = 'C0EXPIRED';
    const { thread } = await injectAndSettle(e2e, channel, 'crash auth');

    const plans = plansIn(thread);
    expect(plans).toHaveLength(1);
    const [plan] = plans;
    expect(plan?.stream?.ended).toBe('expired');
    const refused = e2e.emulator
      .calls()
      .filter((call) => call.method.startsWith('chat.') && call.error === 'message_not_in_streaming_state');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // One stream started, never a second; the rest went by chat.update on the streamed message's ts.
    const starts = e2e.emulator.calls('chat.startStream').filter((call) => call.params.channel === channel);
    expect(starts).toHaveLength(1);
    const updates = e2e.emulator.calls('chat.update').filter((call) => call.params.ts === plan?.ts);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    const tasks = planOf(plan)?.tasks ?? [];
    expect(tasks.length).toBeGreaterThanOrEqual(8);
    expect(tasks.every((task) => task.status === 'complete')).toBe(true);
    expect(plan?.metadata?.event_payload).toMatchObject({ key: 'progress' });
  });

  it('a stream refused at its start is posted once, after the approval message', async () => {
    e2e.emulator.refuseStreams('not_allowed_token_type');
    const channel = 'C0REFUSED';
    const { thread } = await injectAndSettle(e2e, channel, 'crash cache');
    expect(plansIn(thread)).toHaveLength(1);
    expect(threadKeys(thread)[0]).toBe('approval:r1');
    const refused = e2e.emulator.calls('chat.startStream').filter((call) => call.params.channel === channel);
    expect(refused.map((call) => call.error)).toEqual(['not_allowed_token_type']);
  });

  it('a start whose answer is lost is found and adopted: one stream, never a second', async () => {
    e2e.emulator.failNext('chat.startStream', 1, { lostAnswer: 'status500' });
    const channel = 'C0LOSTSTART';
    const { thread } = await injectAndSettle(e2e, channel, 'crash worker');
    expect(plansIn(thread)).toHaveLength(1);
    expect(threadKeys(thread).slice(0, 2)).toEqual(['progress', 'approval:r1']);
    const starts = e2e.emulator.calls('chat.startStream').filter((call) => call.params.channel === channel);
    expect(starts).toHaveLength(1);
    expect(thread[0]?.stream?.ended).toBe('stopped');
    expect(planOf(thread[0])?.tasks.every((task) => task.status === 'complete')).toBe(true);
  });

  it('sets the thread status line while the crew works and clears it when the approval waits for a person', async () => {
    const channel = 'C0STATUS';
    const { card, thread } = await injectAndSettle(e2e, channel, 'slow database');
    const lines = e2e.emulator.statusLines(channel, card.ts);
    expect(lines[0]?.status).toMatch(/^is diagnosing INC-\d+…$/);
    expect(lines[0]?.loadingMessages.length).toBeGreaterThan(0);
    expect(lines.at(-1)?.status).toBe('');
    const approval = thread.find((message) => threadKeys([message])[0] === 'approval:r1');
    expect(lines.at(-1)?.at).toBeGreaterThanOrEqual(approval?.postedAt ?? Number.POSITIVE_INFINITY);
    // Two writes for the whole diagnosis, however many stages ran.
    expect(lines).toHaveLength(2);
  });

  it('a refused status line is ignored: the incident goes on and the line is not tried again', async () => {
    e2e.emulator.failNext('assistant.threads.setStatus', 1, { error: 'not_allowed_token_type' });
    const channel = 'C0NOSTATUS';
    const { card, thread } = await injectAndSettle(e2e, channel, 'disk_full storage');
    expect(card.text).toMatch(/Awaiting Approval/);
    expect(threadKeys(thread)).toContain('approval:r1');
    const calls = e2e.emulator
      .calls('assistant.threads.setStatus')
      .filter((call) => call.params.channel_id === channel);
    expect(calls.map((call) => call.error)).toEqual(['not_allowed_token_type']);
  });

  it('streams the remediation to whoever clicked Approve', async () => {
    const channel = 'C0REMEDIATE';
    const approver = 'U0APPROVER';
    const { card, thread } = await injectAndSettle(e2e, channel, 'crash web-edge');
    const approval = thread.find((message) => threadKeys([message])[0] === 'approval:r1');
    const clicked = await e2e.driver.blockAction({
      userId: approver,
      channelId: channel,
      messageTs: approval?.ts ?? '',
      threadTs: card.ts,
      actionId: APPROVE,
      value: approveValue(approval),
    });
    expect(clicked.status).toBe(200);
    await waitFor(() => (e2e.emulator.messages(channel)[0]?.text.includes('Resolved') ? true : undefined), {
      what: 'the incident to be resolved',
    });
    await settled(e2e.warroom.runtime);
    const after = e2e.emulator.thread(channel, card.ts);
    const remediation = after.find((message) => planOf(message)?.title.startsWith('Remediation'));
    expect(remediation?.stream).toMatchObject({ recipientUser: approver });
    expect(remediation?.metadata?.event_payload).toMatchObject({ key: 'remediation' });
    expect(plansIn(after)).toHaveLength(2);
    // The status line worked again while the crew remediated, and was cleared at the close.
    const lines = e2e.emulator.statusLines(channel, card.ts).map((line) => line.status);
    expect(lines).toEqual([
      expect.stringMatching(/^is diagnosing/),
      '',
      expect.stringMatching(/^is remediating/),
      '',
    ]);
  });
});
