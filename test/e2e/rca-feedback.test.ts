/**
 * "Right cause" / "Wrong cause" under the RCA message, through the real Bolt app and signed
 * requests to the local Slack emulator: every click is recorded with who and when and shows in the
 * postmortem; only an approver's feeds the learning record the next routing reads; a repeated
 * click replaces the earlier verdict; anyone else, and a click on a gone incident, is told privately.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidenceAdjustment, faultSignature } from '../../src/agents/learning.js';
import type { StoredMessage } from '../../src/dev/slack-emulator/index.js';
import { validateView } from '../../src/dev/slack-emulator/validate-view.js';
import type { ActionKind } from '../../src/domain/runbook.js';
import { RCA_FEEDBACK } from '../../src/slack/action-ids.js';
import { checkMessageLimits } from '../../src/slack/blocks/limits.js';
import { incidentKeyNames } from '../../src/store/incident-retention.js';
import { createKeys } from '../../src/store/keys.js';
import { closeRedis, createRedis } from '../../src/store/redis.js';
import { ephemeralsFor, threadMessage } from '../support/approval-flow.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { testRedisUrl, waitFor, waitForStatus } from '../support/test-runtime.js';

const CHANNEL = 'C0FEEDBACK';
const APPROVER = 'U0APPROVER';
const OUTSIDER = 'U0OUTSIDER';

let e2e: E2E;
const ctx = () => e2e.warroom.runtime.ctx;

type Side = 'positive_button' | 'negative_button';

/** The value of one side of the RCA message's feedback buttons, as the message carries it. */
function feedbackValue(message: StoredMessage, side: Side): string {
  for (const block of (message.blocks ?? []) as Array<Record<string, unknown>>) {
    if (block.type !== 'context_actions' || !Array.isArray(block.elements)) continue;
    const element = (block.elements as Array<Record<string, unknown>>).find(
      (candidate) => candidate.action_id === RCA_FEEDBACK,
    );
    const value = (element?.[side] as { value?: unknown } | undefined)?.value;
    if (typeof value === 'string') return value;
  }
  throw new Error(`No ${side} feedback button on message ${message.ts}`);
}

const hasFeedbackButtons = (message: StoredMessage) =>
  (message.blocks ?? []).some((block) => (block as { type?: string }).type === 'context_actions');

async function clickFeedback(user: string, message: StoredMessage, side: Side, value?: string) {
  return e2e.driver.blockAction({
    userId: user,
    channelId: CHANNEL,
    messageTs: message.ts,
    threadTs: message.threadTs,
    actionId: RCA_FEEDBACK,
    value: value ?? feedbackValue(message, side),
  });
}

/** Clicks and returns the private answer it brought (the next response_url post to `user`). */
async function clickAndHear(user: string, message: StoredMessage, side: Side, value?: string) {
  const before = ephemeralsFor(e2e, user).length;
  const response = await clickFeedback(user, message, side, value);
  // Bolt answers 200 only once the listener acked, and answers 404 past its 3 s wait.
  expect(response.status).toBe(200);
  return waitFor(() => ephemeralsFor(e2e, user)[before], { what: `the answer to ${user}'s click` });
}

/** What a message's sections say (the postmortem's text is in its blocks; `text` is the fallback). */
const sectionText = (message: StoredMessage) =>
  (message.blocks ?? []).map((block) => (block as { text?: { text?: string } }).text?.text ?? '').join('\n');

const feedbackEntries = async (id: string) =>
  (await ctx().timeline.read(id)).filter((entry) => entry.type === 'rca.feedback');

describe('feedback on the root cause', () => {
  let id: string;
  let rcaMessage: StoredMessage;
  let signature: string;
  let kind: ActionKind;
  const causes = async () => {
    const stats = await ctx().learning.stats(signature, kind);
    return { right: stats.rightCauses, wrong: stats.wrongCauses, adjustment: confidenceAdjustment(stats) };
  };

  beforeAll(async () => {
    // INCIDENT_CHANNELS=off keeps the thread in this channel once incident channels exist.
    e2e = await startE2E({ env: { APPROVERS: APPROVER, INCIDENT_CHANNELS: 'off' } });
    await e2e.driver.slashCommand({
      command: '/inject',
      text: 'crash api',
      userId: APPROVER,
      channelId: CHANNEL,
    });
    id = 'INC-0001';
    rcaMessage = (await threadMessage(e2e, CHANNEL, id, 'rca', hasFeedbackButtons)).message;
    const ticket = await waitForStatus(e2e.warroom.runtime, id, ['Awaiting_Approval']);
    if (!ticket.rca) throw new Error('the ticket has no root cause');
    signature = faultSignature(ticket.rca.fault, ticket.rca.rootService);
    kind = ticket.recommendations[0]?.kind ?? 'manual';
  }, 60_000);
  afterAll(() => e2e?.close());

  it('draws the two buttons under the RCA, each carrying the incident and its verdict', () => {
    expect(feedbackValue(rcaMessage, 'positive_button')).toBe(`${id}:right`);
    expect(feedbackValue(rcaMessage, 'negative_button')).toBe(`${id}:wrong`);
  });

  it("records a non-approver's click and tells them privately it does not teach the crew", async () => {
    const answer = await clickAndHear(OUTSIDER, rcaMessage, 'negative_button');
    expect(answer).toContain(`Recorded “Wrong cause” on ${id}`);
    expect(answer).toContain("Only approvers' feedback teaches the crew");
    expect(answer).toContain(`<@${APPROVER}>`);

    const [entry] = await feedbackEntries(id);
    expect(entry).toMatchObject({ by: OUTSIDER, data: { verdict: 'wrong', counted: false } });
    expect(Number.isNaN(Date.parse(entry?.at ?? ''))).toBe(false);
    expect(await causes()).toMatchObject({ right: 0, wrong: 0, adjustment: { delta: 0 } });
  });

  it("lets an approver's “Wrong cause” move the learning record that routing reads", async () => {
    const answer = await clickAndHear(APPROVER, rcaMessage, 'negative_button');
    expect(answer).toContain(`Recorded “Wrong cause” on ${id}. It teaches the crew`);

    expect((await feedbackEntries(id)).at(-1)).toMatchObject({
      by: APPROVER,
      data: { verdict: 'wrong', counted: true },
    });
    const after = await causes();
    expect(after).toMatchObject({ right: 0, wrong: 1 });
    expect(after.adjustment.delta).toBeLessThan(0);
    expect(after.adjustment.reason).toContain('root cause called wrong 1 of 1 times');
  });

  it("shows the approvers' verdicts per fault signature on App Home: counts, the last one and by whom", async () => {
    const homeText = () => JSON.stringify(e2e.emulator.homeView(APPROVER)?.view ?? {});
    await e2e.driver.event({
      event: { type: 'app_home_opened', user: APPROVER, channel: 'D0HOME', tab: 'home' },
    });
    const line = await waitFor(() => homeText().match(new RegExp(`• \`${signature}\`:[^\\\\"]*`))?.[0], {
      what: "the signature's line on App Home",
    });
    expect(line).toContain(`cause ✔ right 0 · ✘ wrong 1 (last: Wrong cause by <@${APPROVER}>`);
    const home = e2e.emulator.homeView(APPROVER)?.view;
    expect(validateView(home, 'home')).toEqual([]);
    expect(checkMessageLimits(home as never, 'home')).toEqual([]);

    // A changed verdict refreshes the Home tab of those who opened it.
    await clickAndHear(APPROVER, rcaMessage, 'positive_button');
    await waitFor(() => (homeText().includes('right 1 · ✘ wrong 0 (last: Right cause') ? true : undefined), {
      what: 'App Home after the verdict changed',
    });
    await clickAndHear(APPROVER, rcaMessage, 'negative_button');
    expect(await causes()).toMatchObject({ right: 0, wrong: 1 });
  });

  it('replaces a repeated click: the same verdict counts once, a changed one moves the count across', async () => {
    expect(await clickAndHear(APPROVER, rcaMessage, 'negative_button')).toContain(
      'as before: it counts once',
    );
    expect(await causes()).toMatchObject({ right: 0, wrong: 1 });

    expect(await clickAndHear(APPROVER, rcaMessage, 'positive_button')).toContain(
      'replacing your “Wrong cause”',
    );
    expect(await causes()).toMatchObject({ right: 1, wrong: 0 });

    // Two clicks at once by one person still leave one standing verdict.
    const answers = ephemeralsFor(e2e, APPROVER).length;
    await Promise.all([
      clickFeedback(APPROVER, rcaMessage, 'negative_button'),
      clickFeedback(APPROVER, rcaMessage, 'positive_button'),
    ]);
    await waitFor(() => ephemeralsFor(e2e, APPROVER)[answers + 1], { what: 'both answers' });
    const { right, wrong } = await causes();
    expect(right + wrong).toBe(1);
    // Every click is on the timeline: 1 by the outsider, 7 by the approver (2 in the App Home case).
    expect((await feedbackEntries(id)).map((entry) => entry.by)).toEqual([
      OUTSIDER,
      ...Array(7).fill(APPROVER),
    ]);
  });

  it('lists every click with who and when in the postmortem, and a click after the close too', async () => {
    const before = await clickAndHear(APPROVER, rcaMessage, 'negative_button');
    expect(before).toContain('Recorded “Wrong cause”');
    const answered = ephemeralsFor(e2e, APPROVER).length;
    await e2e.driver.slashCommand({
      command: '/incident',
      text: `resolve ${id} fixed by hand`,
      userId: APPROVER,
      channelId: CHANNEL,
    });
    await waitFor(() => ephemeralsFor(e2e, APPROVER)[answered], { what: 'the answer to /incident resolve' });
    const { message } = await threadMessage(e2e, CHANNEL, id, 'postmortem', (posted) =>
      sectionText(posted).includes('Feedback on the root cause'),
    );
    const postmortem = sectionText(message);
    const when = '\\(\\d\\d:\\d\\d UTC\\)';
    expect(postmortem).toMatch(new RegExp(`<@${OUTSIDER}> ${when}: Wrong cause · not an approver`));
    expect(postmortem).toMatch(
      new RegExp(`<@${APPROVER}> ${when}: Wrong cause · an approver's, teaches the crew`),
    );
    expect(postmortem).toContain('replaced by their later click');

    await clickAndHear(OUTSIDER, rcaMessage, 'positive_button');
    const updated = await threadMessage(e2e, CHANNEL, id, 'postmortem', (posted) =>
      new RegExp(`<@${OUTSIDER}> ${when}: Right cause · not an approver`).test(sectionText(posted)),
    );
    expect(updated.message.ts).toBe(message.ts);
    // The outsider's change of mind moved nothing.
    expect(await causes()).toMatchObject({ right: 0, wrong: 1 });
  });

  it('answers a click on an incident that no longer exists, and a value that is no incident’s', async () => {
    expect(await clickAndHear(APPROVER, rcaMessage, 'negative_button', 'nonsense')).toBe(
      'These buttons do not belong to a Warroom root cause. Nothing was recorded.',
    );
    // The retention sweep removed the incident's keys; its thread (and buttons) stay in Slack.
    const redis = createRedis(testRedisUrl(), 'command');
    try {
      await redis.del(...incidentKeyNames(createKeys(e2e.prefix), id));
    } finally {
      await closeRedis(redis);
    }
    expect(await clickAndHear(APPROVER, rcaMessage, 'positive_button')).toBe(
      `${id} no longer exists in Warroom (closed incidents are removed after their retention period). Your feedback was not recorded.`,
    );
    expect(await causes()).toMatchObject({ right: 0, wrong: 1 });
  });
});
