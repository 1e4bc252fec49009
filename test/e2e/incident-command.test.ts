import { afterEach, describe, expect, it } from 'vitest';
import { validateView } from '../../src/dev/slack-emulator/index.js';
import { openIncident } from '../../src/pipeline/open-incident.js';
import { APPROVE } from '../../src/slack/action-ids.js';
import { checkMessageLimits } from '../../src/slack/blocks/limits.js';
import { click, hasButton, threadMessage } from '../support/approval-flow.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0OPS';
const ONCALL = 'U0ONCALL';
const VISITOR = 'U0VISITOR';

function repliesTo(e2e: E2E, user: string) {
  return e2e.emulator.responseUrlPosts().filter((entry) => entry.user === user);
}

async function incident(e2e: E2E, text: string, user = ONCALL) {
  const before = repliesTo(e2e, user).length;
  const response = await e2e.driver.slashCommand({
    command: '/incident',
    text,
    userId: user,
    channelId: CHANNEL,
  });
  expect(response.status).toBe(200);
  return Object.assign(response, { before });
}

/** The command's later answer (after the ack) arrives on its response_url. */
async function replyTo(e2e: E2E, sent: { before: number }, user = ONCALL): Promise<string> {
  const post = await waitFor(() => repliesTo(e2e, user)[sent.before], {
    what: 'a reply on the response_url',
  });
  return `${String(post.body.text ?? '')} ${JSON.stringify(post.body.blocks ?? [])}`;
}

async function resolvedIncident(e2e: E2E) {
  await e2e.driver.slashCommand({
    command: '/inject',
    text: 'crash api',
    userId: ONCALL,
    channelId: CHANNEL,
  });
  const { message } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (current) =>
    hasButton(current, APPROVE),
  );
  await click(e2e, ONCALL, CHANNEL, message, APPROVE);
  await waitFor(async () =>
    (await e2e.warroom.runtime.ctx.tickets.require('INC-0001')).status === 'Resolved' ? true : undefined,
  );
}

describe('/incident and App Home, end to end', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it.each([
    ['', /Usage: \/incident/],
    ['help', /Usage: \/incident/],
    ['frobnicate', /Unknown subcommand `frobnicate`/],
    ['show', /needs an incident id/],
    ['list sideways', /Unknown status `sideways`/],
    ['kill-switch maybe', /takes `on` or `off`/],
    ['declare api', /needs a system and an issue/],
  ])('answers %j with the help and changes nothing', async (text, expected) => {
    e2e = await startE2E();
    const response = await incident(e2e, text);
    expect(`${response.body}`).toMatch(expected);
    expect(await e2e.warroom.runtime.ctx.tickets.listRecent(5)).toEqual([]);
  });

  it('lists, shows, declares, and resolves by hand (approvers only)', async () => {
    e2e = await startE2E({ env: { APPROVERS: ONCALL } });
    expect(await replyTo(e2e, await incident(e2e, 'list'))).toMatch(/Open incidents: none/);

    expect(await replyTo(e2e, await incident(e2e, 'declare checkout payments failing sev1'))).toMatch(
      /Declared INC-0001/,
    );
    await waitFor(() => e2e?.emulator.messages(CHANNEL)[0]);
    expect(await replyTo(e2e, await incident(e2e, 'list'))).toMatch(/INC-0001.*sev1/);
    expect(await replyTo(e2e, await incident(e2e, 'show inc-1'))).toMatch(/checkout: payments failing/);
    expect(await replyTo(e2e, await incident(e2e, 'show INC-0042'))).toMatch(/There is no INC-0042/);

    const refused = await incident(e2e, 'resolve INC-0001 not mine', VISITOR);
    expect(refused.body).toMatch(/Only approvers/);
    await incident(e2e, 'resolve INC-0001 fixed upstream by the vendor');
    await waitFor(() =>
      e2e?.emulator.messages(CHANNEL)[0]?.text.startsWith('INC-0001 · Resolved') ? true : undefined,
    );
    expect(JSON.stringify(e2e.emulator.messages(CHANNEL)[0]?.blocks)).toMatch(/fixed upstream by the vendor/);
  });

  it('prints stats, and a postmortem that names the decision and its durations', async () => {
    e2e = await startE2E();
    await resolvedIncident(e2e);
    const stats = await replyTo(e2e, await incident(e2e, 'stats 7d'));
    expect(stats).toMatch(/Resolved/);
    expect(stats).toMatch(/approv/i);
    expect((await incident(e2e, 'stats 3 weeks')).body).toMatch(/stats/);
    const postmortem = await replyTo(e2e, await incident(e2e, 'postmortem INC-0001'));
    expect(postmortem).toMatch(new RegExp(`<@${ONCALL}>`));
    expect(postmortem).toMatch(/approved/i);
    const inThread = await threadMessage(e2e, CHANNEL, 'INC-0001', 'postmortem');
    expect(JSON.stringify(inThread.message.blocks)).toMatch(/Decided|decided/);
  });

  it('records replies in the thread as comments with their author, skipping bots', async () => {
    e2e = await startE2E();
    await e2e.driver.slashCommand({
      command: '/inject',
      text: 'slow database',
      userId: ONCALL,
      channelId: CHANNEL,
    });
    const card = await waitFor(() => e2e?.emulator.messages(CHANNEL)[0]);
    await e2e.driver.userMessage({
      channelId: CHANNEL,
      userId: VISITOR,
      text: 'seeing this in eu-west too',
      threadTs: card.ts,
    });
    await e2e.driver.userMessage({ channelId: CHANNEL, userId: VISITOR, text: 'unrelated chatter' });
    const comments = await waitFor(async () => {
      const timeline = await e2e?.warroom.runtime.ctx.timeline.read('INC-0001');
      const found = timeline?.filter((entry) => entry.type === 'comment') ?? [];
      return found.length > 0 ? found : undefined;
    });
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ by: VISITOR, data: { text: 'seeing this in eu-west too' } });
  });

  it.each([0, 1, 60])(
    'publishes App Home on app_home_opened with %i open incidents, within the block limit',
    async (count) => {
      e2e = await startE2E({ env: { APPROVERS: ONCALL } });
      for (let index = 0; index < count; index++) {
        await openIncident(e2e.warroom.runtime.ctx, {
          system: `svc-${index}`,
          issue: 'errors above threshold',
          sev: 'sev3',
          source: 'manual',
          channel: null,
        });
      }
      await e2e.driver.event({
        event: { type: 'app_home_opened', user: ONCALL, channel: 'D0HOME', tab: 'home' },
      });
      const home = await waitFor(() => e2e?.emulator.homeView(ONCALL), { what: 'the Home tab' });
      const view = home.view as { blocks?: unknown[] };
      expect(validateView(home.view, 'home')).toEqual([]);
      expect(checkMessageLimits(home.view as never, 'home')).toEqual([]);
      expect(view.blocks?.length).toBeLessThanOrEqual(100);
      if (count === 60) expect(JSON.stringify(view.blocks)).toMatch(/and \d+ more/);
      if (count === 0) expect(JSON.stringify(view.blocks)).toMatch(/[Nn]o open incidents/);
    },
  );
});
