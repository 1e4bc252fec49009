import { afterEach, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from '../support/e2e.js';
import { settled } from '../support/job-events.js';
import { settledIncident, threadKeys } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0RESILIENCE';
const USER = 'U0ONCALL';
const DIAGNOSED = 'Awaiting Approval';
const THREAD = ['approval:r1', 'rca', 'chart', 'progress'];

describe('Slack outbox under Slack faults', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it('delivers every message once and in order through 429s and 500s', async () => {
    // A 429's Retry-After and the outbox's posting slots together: production pacing.
    e2e = await startE2E({ pacing: 'production' });
    e2e.emulator.failNext('chat.postMessage', 1, { status: 429, retryAfter: 1 });
    e2e.emulator.failNext('chat.postMessage', 1, { status: 500 });
    await e2e.driver.slashCommand({
      command: '/inject',
      text: 'crash api',
      userId: USER,
      channelId: CHANNEL,
    });

    const { card, thread } = await settledIncident(
      e2e.emulator,
      CHANNEL,
      'INC-0001',
      DIAGNOSED,
      THREAD.length,
    );
    // Every retry after the 429 and the 500 has run: a duplicate post would be there now.
    await settled(e2e.warroom.runtime);
    expect(e2e.emulator.messages(CHANNEL)).toHaveLength(1);
    expect(threadKeys(e2e.emulator.thread(CHANNEL, e2e.emulator.messages(CHANNEL)[0]?.ts ?? ''))).toEqual(
      THREAD,
    );
    expect(thread).toHaveLength(THREAD.length);

    // A sync that waits out a 429 renders again when it resumes, so the card was posted as it is
    // now: the card's next change is the update that meets two 500s.
    e2e.emulator.failNext('chat.update', 2, { status: 500 });
    await e2e.driver.slashCommand({
      command: '/incident',
      text: 'resolve INC-0001 fixed by hand',
      userId: USER,
      channelId: CHANNEL,
    });
    await waitFor(
      () =>
        e2e?.emulator.message(CHANNEL, card.ts)?.text.startsWith('INC-0001 · Resolved') ? true : undefined,
      { what: 'the card to show Resolved through two failed updates' },
    );
    const faults = e2e.emulator.calls().filter((call) => call.fault !== undefined);
    expect(faults.length).toBeGreaterThanOrEqual(4);
  });

  it('gives a channel’s posting slots to approvals, then cards, then what can wait, across incidents', async () => {
    // Slots a second apart, as in production: the order they are handed out in is the point.
    e2e = await startE2E({ pacing: 'production' });
    const { runtime } = e2e.warroom;
    // Another incident holds the channel's slots for a while: both incidents diagnose meanwhile
    // and queue up for the same slots.
    const blockedMs = 4_000;
    await runtime.redis.set(
      runtime.keys.channelPostSlot(CHANNEL),
      String(Date.now() + blockedMs),
      'PX',
      blockedMs,
    );
    await Promise.all(
      ['crash api', 'slow database'].map((text, index) =>
        e2e?.driver.slashCommand({ command: '/inject', text, userId: `U0USER${index}`, channelId: CHANNEL }),
      ),
    );
    const cards = await waitFor(
      () => {
        const roots = e2e?.emulator.messages(CHANNEL) ?? [];
        const done = roots.filter(
          (card) => (e2e?.emulator.thread(CHANNEL, card.ts).length ?? 0) >= THREAD.length,
        );
        return done.length === 2 ? roots : undefined;
      },
      { timeoutMs: 60_000, what: 'both incidents with their whole threads' },
    );
    const idOf = (ts: string) => /^INC-\d+/.exec(cards.find((card) => card.ts === ts)?.text ?? '')?.[0];
    const posted = e2e.emulator.calls('chat.postMessage').map((call) => {
      const payload = (call.params.metadata as { event_payload?: { incident_id?: string; key?: string } })
        .event_payload;
      return `${payload?.incident_id} ${payload?.key}`;
    });
    const [first, second] = [idOf(cards[0]?.ts ?? ''), idOf(cards[1]?.ts ?? '')];
    // The first incident's approval goes ahead of the second one's card; both approvals ahead of
    // every RCA and checklist, though the first incident's were ready long before.
    expect(posted.slice(0, 4)).toEqual([
      `${first} card`,
      `${first} approval:r1`,
      `${second} card`,
      `${second} approval:r1`,
    ]);
    expect(posted.slice(4).sort()).toEqual(
      [first, second].flatMap((id) => [`${id} progress`, `${id} rca`]).sort(),
    );
    expect(e2e.emulator.rateLimitedByPostingLimit()).toBe(0);
  });
});
