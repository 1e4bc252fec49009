import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from '../support/e2e.js';
import { threadKeys } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0INCIDENTS';
const USER = 'U0ONCALL';

function textOf(message: { text?: string } | undefined): string {
  return message?.text ?? '';
}

describe('/inject end to end', () => {
  let e2e: E2E;
  beforeEach(async () => {
    e2e = await startE2E();
  });
  afterEach(async () => {
    await e2e.close();
  });

  it('opens an incident: a card with live progress, the plan streamed to whoever injected it, then the approval message', async () => {
    const response = await e2e.driver.slashCommand({
      command: '/inject',
      text: 'crash api',
      userId: USER,
      channelId: CHANNEL,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/Injecting `crash` on `api`/);

    const card = await waitFor(
      () => {
        const root = e2e.emulator.messages(CHANNEL)[0];
        return textOf(root).startsWith('INC-0001 · Awaiting Approval') ? root : undefined;
      },
      { what: 'the card to reach Awaiting Approval' },
    );
    expect(e2e.emulator.messages(CHANNEL)).toHaveLength(1);
    expect(card.edits?.length).toBeGreaterThan(0);
    expect(textOf(card.original ?? card)).toMatch(/^INC-0001 · Diagnosing/);
    // While a person waits for the approval message, the card carries the diagnosis's progress.
    expect(JSON.stringify(card.original?.blocks)).toMatch(/Diagnosis · \d+\/\d+ stages done/);
    expect(JSON.stringify(card.blocks)).not.toMatch(/stages done/);

    const thread = await waitFor(
      () => {
        const replies = e2e.emulator.thread(CHANNEL, card.ts);
        return replies.length >= 4 ? replies : undefined;
      },
      { what: 'the thread to fill' },
    );
    // The diagnosis's plan streams right under the card, to the person who injected it; the
    // decision comes second; then what explains it: the RCA and its chart.
    expect(threadKeys(thread)).toEqual(['progress', 'approval:r1', 'rca', 'chart']);
    expect(e2e.emulator.calls('chat.startStream')[0]?.params).toMatchObject({ recipient_user_id: USER });
    expect(JSON.stringify(thread[1]?.blocks)).toMatch(/restart/i);
    expect(JSON.stringify(thread[1]?.blocks)).toMatch(/Approve/);
    const chart = e2e.emulator.files()[0];
    expect(chart?.title).toMatch(/restarts on api/);
    expect(textOf(thread[2])).toMatch(/api/);
    expect(JSON.stringify(thread[2]?.blocks)).toMatch(/crash/);

    const progress = await waitFor(
      () => {
        const current = e2e.emulator.message(CHANNEL, thread[0]?.ts ?? '');
        const tally = /(\d+)\/(\d+) stages done/.exec(JSON.stringify(current?.blocks));
        return tally && tally[1] === tally[2] && Number(tally[2]) >= 8 ? current : undefined;
      },
      { what: 'the plan to show every stage done' },
    );
    expect(progress.stream?.ended).toBe('stopped');
    expect(JSON.stringify(progress.blocks)).toMatch(/Compute specialist/);
  });

  it.each([
    ['', /full/],
    ['help', /duplicate/],
    ['explode', /Unknown scenario `explode`/],
    ['crash mainframe', /Unknown service `mainframe`/],
  ])('answers %j with usage and opens nothing', async (text, expected) => {
    const response = await e2e.driver.slashCommand({
      command: '/inject',
      text,
      userId: USER,
      channelId: CHANNEL,
    });
    expect(response.status).toBe(200);
    const body = response.json as { response_type?: string; text?: string; blocks?: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(`${body.text} ${JSON.stringify(body.blocks)}`).toMatch(expected);
    // The usage answer is the ack itself and the listener returns with it: nothing runs after it.
    expect(await e2e.warroom.runtime.ctx.tickets.listRecent(10)).toEqual([]);
    expect(e2e.emulator.messages(CHANNEL)).toEqual([]);
  });

  it('refuses a forged signature and a stale timestamp with 401 and enqueues nothing', async () => {
    const forged = await e2e.driver.slashCommand({
      command: '/inject',
      text: 'crash api',
      userId: USER,
      channelId: CHANNEL,
      signatureOverride: 'v0=0000000000000000000000000000000000000000000000000000000000000000',
    });
    const stale = await e2e.driver.slashCommand({
      command: '/inject',
      text: 'crash api',
      userId: USER,
      channelId: CHANNEL,
      timestampSkewSeconds: -6 * 60,
    });
    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
    const queue = e2e.warroom.runtime.ctx.queues.queue('incident');
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0 });
    expect(await e2e.warroom.runtime.ctx.tickets.listRecent(10)).toEqual([]);
  });

  it('opens one incident when Slack redelivers the same command', async () => {
    const first = await e2e.driver.slashCommand({
      command: '/inject',
      text: 'slow database',
      userId: USER,
      channelId: CHANNEL,
    });
    const retry = await e2e.driver.redeliver(first, { retryNum: 1, retryReason: 'http_timeout' });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    await waitFor(async () =>
      (await e2e.warroom.runtime.ctx.tickets.listRecent(10)).length > 0 ? true : undefined,
    );
    // The duplicate was acked empty and its listener returned with the ack (answered above), so the
    // one incident the admitted delivery opened after its ack is all there will be.
    expect(await e2e.warroom.runtime.ctx.tickets.listRecent(10)).toHaveLength(1);
  });
});
