import { describe, expect } from 'vitest';
import type { SlackEmulatorOptions } from '../../src/dev/slack-emulator/index.js';
import type { E2E } from '../support/e2e.js';
import { FAST_PACING } from '../support/e2e.js';
import { e2eIt as it } from '../support/e2e-fixture.js';
import { settled } from '../support/job-events.js';
import { settledIncident, WRITE_METHODS } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0PACING';
const DIAGNOSED = 'Awaiting Approval';

/**
 * Slack's limits as the emulator enforces them here: `chat.postMessage` about one a second per
 * channel with short bursts (its defaults: a bucket of 3 refilled at 1/s), and `chat.update` at
 * Tier 3, 50 a minute across the workspace.
 */
const SLACK_LIMITS: SlackEmulatorOptions = { updateLimit: { burst: 50, perMinute: 50 } };

/**
 * Slack writes for one incident from /inject to its approval message, by method: two posts (the
 * card and the approval message), the plan's stream started right under the card (its appends at
 * most one a second), the status line set once, and the card's coalesced updates while the
 * diagnosis runs (it carries the progress until then): at most one a second of waiting, plus one.
 */
const POSTS_UP_TO_APPROVAL = 2;
/**
 * The whole diagnosis: 3 posts (card, approval, RCA), the chart's 2 file calls, the plan's stream
 * (start, appends, stop, and one chat.update when triage's specialists joined the plan after its
 * start), the status line set and cleared, and the card's updates.
 */
const DIAGNOSIS_WRITE_BUDGET = 14;
const FILE_METHODS = ['files.getUploadURLExternal', 'files.completeUploadExternal'];
const THREAD_LENGTH = 4;

function byMethod(calls: ReadonlyArray<{ method: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { method } of calls) counts[method] = (counts[method] ?? 0) + 1;
  return counts;
}

const TEN_FAULTS = [
  'crash api',
  'slow database',
  'bad_config auth',
  'memory_leak worker',
  'disk_full storage',
  'network_partition',
  'cache_stampede',
  'web_5xx web-edge',
  'dependency_down api',
  'crash cache',
];

async function injectAll(e2e: E2E, faults: readonly string[]) {
  const responses = await Promise.all(
    faults.map((text, index) =>
      e2e.driver.slashCommand({ command: '/inject', text, userId: `U0USER${index}`, channelId: CHANNEL }),
    ),
  );
  expect(responses.every((response) => response.status === 200)).toBe(true);
}

/** The most calls in any 60 s window. */
function busiestMinute(calls: ReadonlyArray<{ at: number }>): number {
  const times = calls.map((call) => call.at).sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 60_000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

function rateLimited(e2e: E2E, method: string) {
  return e2e.emulator.calls(method).filter((call) => call.status === 429);
}

/**
 * The one suite at production pacing end to end (the others run the outbox fast, see
 * test/support/e2e.ts): the outbox's own settings keep it within Slack's limits.
 */
describe("the outbox at production pacing keeps within Slack's limits", () => {
  it('posts ten simultaneous incidents into one channel and resolves them together without a single 429', async ({
    startApp,
  }) => {
    const e2e = await startApp({ pacing: 'production', emulator: SLACK_LIMITS });
    await injectAll(e2e, TEN_FAULTS);
    await waitFor(
      () => {
        const cards = e2e.emulator.messages(CHANNEL);
        const done = cards.filter((card) => !card.text.includes('Diagnosing'));
        const complete = done.filter((card) => e2e.emulator.thread(CHANNEL, card.ts).length >= THREAD_LENGTH);
        return cards.length === 10 && complete.length === 10 ? true : undefined;
      },
      { timeoutMs: 90_000, what: 'ten cards with their threads' },
    );
    // Then all ten are resolved at once: every card, approval message and progress message
    // changes within the same seconds, and each thread gets its resolution and postmortem.
    const resolved = await Promise.all(
      TEN_FAULTS.map((_, index) =>
        e2e.driver.slashCommand({
          command: '/incident',
          text: `resolve INC-${String(index + 1).padStart(4, '0')} fixed by hand`,
          userId: `U0USER${index}`,
          channelId: CHANNEL,
        }),
      ),
    );
    expect(resolved.every((response) => response.status === 200)).toBe(true);
    await waitFor(
      () => {
        const cards = e2e.emulator.messages(CHANNEL);
        return cards.filter((card) => card.text.includes(' · Resolved')).length === 10 ? true : undefined;
      },
      { timeoutMs: 90_000, what: 'ten cards saying Resolved' },
    );
    await settled(e2e.warroom.runtime);
    expect(e2e.emulator.rateLimitedByPostingLimit()).toBe(0);
    expect(e2e.emulator.rateLimitedByUpdateLimit()).toBe(0);
    expect(rateLimited(e2e, 'chat.postMessage')).toEqual([]);
    expect(rateLimited(e2e, 'chat.update')).toEqual([]);
    const updates = e2e.emulator.calls('chat.update');
    // At least every card was edited: the update limit had something to refuse.
    expect(updates.length).toBeGreaterThanOrEqual(10);
    console.info(
      `ten incidents at production pacing: ${e2e.emulator.calls('chat.postMessage').length} posts, ${updates.length} updates, at most ${busiestMinute(updates)} updates in any minute`,
    );
  }, 120_000);

  it('the control: the same ten incidents at test pacing do run into the posting limit', async ({
    startApp,
  }) => {
    const e2e = await startApp({
      pacing: 'production',
      emulator: SLACK_LIMITS,
      overrides: { outbox: FAST_PACING.outbox },
    });
    await injectAll(e2e, TEN_FAULTS);
    await waitFor(() => (e2e.emulator.rateLimitedByPostingLimit() > 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'a post refused by the posting limit',
    });
    expect(rateLimited(e2e, 'chat.postMessage').length).toBeGreaterThan(0);
  });

  it(`makes ${POSTS_UP_TO_APPROVAL} posts up to the approval message, ${DIAGNOSIS_WRITE_BUDGET} writes for the whole diagnosis`, async ({
    startApp,
  }) => {
    const e2e = await startApp({ pacing: 'production', emulator: SLACK_LIMITS });
    await injectAll(e2e, ['slow database']);
    const { card, thread } = await settledIncident(
      e2e.emulator,
      CHANNEL,
      'INC-0001',
      DIAGNOSED,
      THREAD_LENGTH,
    );
    // Every trailing coalesced update has landed before counting.
    await settled(e2e.warroom.runtime);
    const writes = e2e.emulator
      .calls()
      .filter((call) => WRITE_METHODS.includes(call.method) || FILE_METHODS.includes(call.method));
    const approval = thread.find((message) => message.metadata?.event_payload?.key === 'approval:r1');
    const approvalAt = approval?.postedAt ?? 0;
    // The plan streams first, the approval message is the thread's second post.
    expect(thread.indexOf(approval as (typeof thread)[number])).toBe(1);
    const {
      'chat.postMessage': posts,
      'chat.update': updates = 0,
      'chat.startStream': starts,
      'chat.appendStream': appends = 0,
      'assistant.threads.setStatus': statuses,
      'chat.stopStream': stops = 0,
      ...others
    } = byMethod(writes.filter((call) => call.at <= approvalAt));
    const secondsToApproval = Math.floor((approvalAt - card.postedAt) / 1000) + 1;
    expect(posts).toBe(POSTS_UP_TO_APPROVAL);
    expect(starts).toBe(1);
    // Set once while the crew works; its clearing comes with the approval message (same millisecond or after).
    expect(statuses).toBeGreaterThanOrEqual(1);
    expect(statuses).toBeLessThanOrEqual(2);
    expect(updates).toBeLessThanOrEqual(secondsToApproval);
    expect(appends).toBeLessThanOrEqual(secondsToApproval);
    expect(stops).toBeLessThanOrEqual(1);
    expect(others).toEqual({});
    const all = byMethod(writes);
    // The card, the approval message and the RCA; the plan streamed; the chart is a file.
    expect(all['chat.postMessage']).toBe(3);
    expect(all['chat.startStream']).toBe(1);
    expect(all['chat.stopStream']).toBe(1);
    expect(all['assistant.threads.setStatus']).toBe(2);
    expect(all['chat.update'] ?? 0).toBeLessThanOrEqual(secondsToApproval + 2);
    expect(byMethod(writes.filter((call) => FILE_METHODS.includes(call.method)))).toEqual({
      'files.getUploadURLExternal': 1,
      'files.completeUploadExternal': 1,
    });
    console.info(
      `one incident's diagnosis, Slack writes by method: ${JSON.stringify(all)} (${writes.length} in all)`,
    );
    expect(writes.length).toBeLessThanOrEqual(DIAGNOSIS_WRITE_BUDGET);
  });
});
