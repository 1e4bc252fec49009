import { afterEach, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from '../support/e2e.js';
import { settled } from '../support/job-events.js';
import { settledIncident, threadKeys, WRITE_METHODS } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0RESILIENCE';
const USER = 'U0ONCALL';
const DIAGNOSED = 'Awaiting Approval';
const THREAD = ['approval:r1', 'rca', 'chart', 'progress'];

/**
 * Slack writes for one incident from /inject to its approval message, by method: two posts (the
 * card and the approval message) and the card's coalesced updates while the diagnosis runs (it
 * carries the progress until then): at most one a second of waiting, plus one.
 */
const POSTS_UP_TO_APPROVAL = 2;
/** The whole diagnosis: 4 posts (card, approval, RCA, checklist), the chart's 2 file calls, updates. */
const DIAGNOSIS_WRITE_BUDGET = 9;
const FILE_METHODS = ['files.getUploadURLExternal', 'files.completeUploadExternal'];

function byMethod(calls: Array<{ method: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { method } of calls) counts[method] = (counts[method] ?? 0) + 1;
  return counts;
}

describe('Slack outbox under Slack faults', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it('delivers every message once and in order through 429s and 500s', async () => {
    e2e = await startE2E();
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

  it('posts ten simultaneous incidents into one channel without hitting the posting limit', async () => {
    e2e = await startE2E();
    const faults = [
      'crash api',
      'slow database',
      'bad_config auth',
      'memory_leak worker',
      'disk_full storage',
    ];
    const more = [
      'network_partition',
      'cache_stampede',
      'web_5xx web-edge',
      'dependency_down api',
      'crash cache',
    ];
    const commands = [...faults, ...more];
    const responses = await Promise.all(
      commands.map((text, index) =>
        e2e?.driver.slashCommand({ command: '/inject', text, userId: `U0USER${index}`, channelId: CHANNEL }),
      ),
    );
    expect(responses.every((response) => response?.status === 200)).toBe(true);

    await waitFor(
      () => {
        const cards = e2e?.emulator.messages(CHANNEL) ?? [];
        const done = cards.filter((card) => !card.text.includes('Diagnosing'));
        const complete = done.filter((card) => (e2e?.emulator.thread(CHANNEL, card.ts).length ?? 0) >= 4);
        return cards.length === 10 && complete.length === 10 ? true : undefined;
      },
      { timeoutMs: 90_000, what: 'ten cards with their threads' },
    );
    expect(e2e.emulator.rateLimitedByPostingLimit()).toBe(0);
    expect(e2e.emulator.calls('chat.postMessage').filter((call) => call.status === 429)).toEqual([]);
  }, 120_000);

  it('gives a channel’s posting slots to approvals, then cards, then what can wait, across incidents', async () => {
    e2e = await startE2E();
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

  it(`makes ${POSTS_UP_TO_APPROVAL} posts up to the approval message, ${DIAGNOSIS_WRITE_BUDGET} writes for the whole diagnosis`, async () => {
    e2e = await startE2E();
    await e2e.driver.slashCommand({
      command: '/inject',
      text: 'slow database',
      userId: USER,
      channelId: CHANNEL,
    });
    const { thread } = await settledIncident(e2e.emulator, CHANNEL, 'INC-0001', DIAGNOSED, THREAD.length);
    // Every trailing coalesced update has landed before counting.
    await settled(e2e.warroom.runtime);
    const writes = e2e.emulator
      .calls()
      .filter((call) => WRITE_METHODS.includes(call.method) || FILE_METHODS.includes(call.method));
    const approvalAt = thread[0]?.postedAt ?? 0;
    const cardAt = e2e.emulator.messages(CHANNEL)[0]?.postedAt ?? 0;
    const {
      'chat.postMessage': posts,
      'chat.update': updates = 0,
      ...others
    } = byMethod(writes.filter((call) => call.at <= approvalAt));
    expect(posts).toBe(POSTS_UP_TO_APPROVAL);
    expect(updates).toBeLessThanOrEqual(Math.floor((approvalAt - cardAt) / 1000) + 1);
    expect(others).toEqual({});
    expect(byMethod(writes)['chat.postMessage']).toBe(4);
    expect(byMethod(writes.filter((call) => FILE_METHODS.includes(call.method)))).toEqual({
      'files.getUploadURLExternal': 1,
      'files.completeUploadExternal': 1,
    });
    expect(writes.length).toBeLessThanOrEqual(DIAGNOSIS_WRITE_BUDGET);
  });
});
