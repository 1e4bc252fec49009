import { afterEach, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from '../support/e2e.js';
import { settled } from '../support/job-events.js';
import { settledIncident, threadKeys, WRITE_METHODS } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0RESILIENCE';
const USER = 'U0ONCALL';
const DIAGNOSED = 'Awaiting Approval';
const THREAD = ['progress', 'rca', 'chart', 'plan:r1', 'approval:r1'];

/**
 * Slack writes for one incident from /inject to the approval message: 5 posts (card, progress, rca,
 * plan, approval), the RCA chart, and the coalesced updates of the card and the progress message.
 */
const DIAGNOSIS_WRITE_BUDGET = 13;

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

    const { card, thread } = await settledIncident(e2e.emulator, CHANNEL, 'INC-0001', DIAGNOSED, 5);
    // Every retry after the 429 and the 500 has run: a duplicate post would be there now.
    await settled(e2e.warroom.runtime);
    expect(e2e.emulator.messages(CHANNEL)).toHaveLength(1);
    expect(threadKeys(e2e.emulator.thread(CHANNEL, e2e.emulator.messages(CHANNEL)[0]?.ts ?? ''))).toEqual(
      THREAD,
    );
    expect(thread).toHaveLength(5);

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

  it(`stays within ${DIAGNOSIS_WRITE_BUDGET} Slack writes for one diagnosed incident`, async () => {
    e2e = await startE2E();
    await e2e.driver.slashCommand({
      command: '/inject',
      text: 'slow database',
      userId: USER,
      channelId: CHANNEL,
    });
    await settledIncident(e2e.emulator, CHANNEL, 'INC-0001', DIAGNOSED, 5);
    // Every trailing coalesced update has landed before counting.
    await settled(e2e.warroom.runtime);
    const writes = e2e.emulator.calls().filter((call) => WRITE_METHODS.includes(call.method));
    const posts = writes.filter((call) => call.method === 'chat.postMessage');
    expect(posts).toHaveLength(5);
    expect(writes.length).toBeLessThanOrEqual(DIAGNOSIS_WRITE_BUDGET);
  });
});
