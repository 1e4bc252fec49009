import { afterEach, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from '../support/e2e.js';
import { settled } from '../support/job-events.js';
import { settledIncident, threadKeys } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0RESILIENCE';
const USER = 'U0ONCALL';
const DIAGNOSED = 'Awaiting Approval';
const THREAD = ['progress', 'rca', 'chart', 'plan:r1', 'approval:r1'];

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
});
