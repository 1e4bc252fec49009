import { describe, expect } from 'vitest';
import { withStatus } from '../../src/domain/ticket.js';
import type { E2E } from '../support/e2e.js';
import { e2eIt as it } from '../support/e2e-fixture.js';
import { settled } from '../support/job-events.js';
import { settledIncident, threadKeys } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0EXACTLY';
const USER = 'U0ONCALL';
const DIAGNOSED = 'Awaiting Approval';
const THREAD = ['approval:r1', 'rca', 'chart', 'progress'];
/** The plan streamed under the card while the diagnosis ran (it may be over before the card is posted). */
const STREAMED_THREAD = ['progress', 'approval:r1', 'rca', 'chart'];
const RECONCILE_METHODS = ['conversations.history', 'conversations.replies'];

function inject(e2e: E2E, text = 'crash api') {
  return e2e.driver.slashCommand({ command: '/inject', text, userId: USER, channelId: CHANNEL });
}

async function expectOneCopyOfEverything(e2e: E2E) {
  const { card } = await settledIncident(e2e.emulator, CHANNEL, 'INC-0001', DIAGNOSED, THREAD.length);
  // Every sync and retry has run: a wrongful second post would be there now.
  await settled(e2e.warroom.runtime);
  expect(e2e.emulator.messages(CHANNEL)).toHaveLength(1);
  expect([THREAD, STREAMED_THREAD]).toContainEqual(threadKeys(e2e.emulator.thread(CHANNEL, card.ts)));
}

describe('exactly-once Slack messages', () => {
  it.for([
    ['a 500 after the card was posted', { lostAnswer: 'status500' as const }],
    ['a dropped connection after the card was posted', { lostAnswer: 'connectionClosed' as const }],
  ] as const)(
    'keeps one card when Slack carries out the post and the answer is lost (%s)',
    async ([, fault], { startApp }) => {
      const e2e = await startApp();
      e2e.emulator.failNext('chat.postMessage', 1, fault);
      await inject(e2e);
      await expectOneCopyOfEverything(e2e);
      expect(e2e.emulator.calls('conversations.history').length).toBeGreaterThan(0);
    },
  );

  it('keeps one copy of each thread message when their answers are lost', async ({ startApp }) => {
    const e2e = await startApp();
    // The card goes through; the next three posts (the approval, the RCA and the diagnosis's
    // checklist: every thread post) land but their answers do not.
    await inject(e2e);
    await waitFor(() => (e2e.emulator.messages(CHANNEL).length === 1 ? true : undefined));
    e2e.emulator.failNext('chat.postMessage', 1, { lostAnswer: 'connectionClosed' });
    e2e.emulator.failNext('chat.postMessage', 2, { lostAnswer: 'status500' });
    await expectOneCopyOfEverything(e2e);
    expect(e2e.emulator.calls('conversations.replies').length).toBeGreaterThan(0);
  });

  it('keeps one copy when the worker dies between the post and recording its ts', async ({ startApp }) => {
    let crashes = 0;
    const e2e = await startApp({
      overrides: {
        outbox: {
          afterPostBeforeRecord: async (_incidentId, key) => {
            if ((key === 'card' || key === 'rca') && crashes < 2) {
              crashes += 1;
              throw new Error(`test hook: worker died after posting ${key}`);
            }
          },
        },
      },
    });
    await inject(e2e);
    await expectOneCopyOfEverything(e2e);
    expect(crashes).toBe(2);
  });

  it('makes no reconciliation call on the happy path', async ({ startApp }) => {
    const e2e = await startApp();
    await inject(e2e, 'slow database');
    await expectOneCopyOfEverything(e2e);
    const reconciling = e2e.emulator.calls().filter((call) => RECONCILE_METHODS.includes(call.method));
    expect(reconciling).toEqual([]);
  });

  it('never lets an update rendered from an older state overwrite a newer one', async ({ startApp }) => {
    const e2e = await startApp();
    await inject(e2e, 'disk_full storage');
    const { card } = await settledIncident(e2e.emulator, CHANNEL, 'INC-0001', DIAGNOSED, THREAD.length);
    const { runtime } = e2e.warroom;

    // Slow Slack down so several state changes pile up while updates are in flight, then move
    // the ticket through states quickly: the last one must win on the card.
    e2e.emulator.delayNext('chat.update', 400, 3);
    await runtime.ctx.tickets.update('INC-0001', (ticket) =>
      withStatus(ticket, 'Remediating', { now: new Date() }),
    );
    await runtime.ctx.queues.requestSlackSync('INC-0001');
    await runtime.ctx.tickets.update('INC-0001', (ticket) =>
      withStatus(ticket, 'Partially_Resolved', { now: new Date() }),
    );
    await runtime.ctx.queues.requestSlackSync('INC-0001');
    await runtime.ctx.tickets.update('INC-0001', (ticket) =>
      withStatus(ticket, 'Resolved', { now: new Date() }),
    );
    await runtime.ctx.queues.requestSlackSync('INC-0001');

    const final = await waitFor(
      () => {
        const current = e2e.emulator.message(CHANNEL, card.ts);
        return current?.text.startsWith('INC-0001 · Resolved') ? current : undefined;
      },
      { what: 'the card to show Resolved' },
    );
    // Every sync still queued has run: a stale render that overwrote Resolved would show now.
    await settled(e2e.warroom.runtime);
    expect(e2e.emulator.message(CHANNEL, card.ts)?.text).toMatch(/^INC-0001 · Resolved/);
    const statuses = final.edits.map((edit) => edit.text.split(' — ')[0]);
    const resolvedAt = statuses.indexOf('INC-0001 · Resolved');
    expect(statuses.slice(resolvedAt).every((status) => status === 'INC-0001 · Resolved')).toBe(true);
  });
});
