import { afterEach, describe, expect, it } from 'vitest';
import { alertmanagerPayload } from '../support/alertmanager-payloads.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { E2E_WEBHOOK_TOKEN, ingestDrained, postJson } from '../support/e2e-alerts.js';
import { CHANNEL, cardOf, incidentReply, ONCALL } from '../support/incident-e2e.js';
import { waitFor } from '../support/test-runtime.js';

const HOUR_MS = 3600_000;

/** The app's clock, moved by the test (a silence's end is hours away, not a sleep). */
function testClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

/** `/incident <text>` answered in the ack itself (a refusal or the usage), as text. */
async function ackOf(e2e: E2E, text: string, userId = ONCALL): Promise<string> {
  const response = await e2e.driver.slashCommand({ command: '/incident', text, userId, channelId: CHANNEL });
  return JSON.stringify(response.json);
}

async function start(clock: ReturnType<typeof testClock>): Promise<E2E> {
  return startE2E({
    env: { WEBHOOK_TOKEN: E2E_WEBHOOK_TOKEN, SLACK_INCIDENT_CHANNEL: CHANNEL, APPROVERS: ONCALL },
    emulator: { postBurst: 1000 },
    overrides: { runtime: { now: clock.now }, outbox: { postIntervalMs: 20, updateIntervalMs: 50 } },
  });
}

function alertOn(service: string, alertname: string, severity: string, startsAt: Date) {
  return alertmanagerPayload([{ service, alertname, severity, startsAt }], `{}:{alertname="${alertname}"}`);
}

describe('silences through the real app', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it("holds a silenced service's alerts (recorded, listed, no incident) until the silence ends", async () => {
    const clock = testClock();
    e2e = await start(clock);
    const { ctx } = e2e.warroom.runtime;

    expect(await ackOf(e2e, 'silence api forever')).toContain(
      '`silence` needs a service or alert name and a duration',
    );
    expect(await ctx.silences.active(clock.now())).toEqual([]);

    const added = await incidentReply(e2e, 'silence api 1h api deploy in progress');
    expect(added).toContain('SIL-0001');
    expect(added).toContain('silenced `api` for 1h: api deploy in progress');

    const firstSeen = new Date();
    expect(
      (await postJson(e2e, '/webhooks/alertmanager', alertOn('api', 'ApiErrors', 'warning', firstSeen)))
        .status,
    ).toBe(202);
    await ingestDrained(e2e);
    expect(await ctx.tickets.listRecent(10)).toEqual([]);
    expect(e2e.emulator.messages(CHANNEL).filter((message) => /^INC-/.test(message.text))).toEqual([]);

    // Alertmanager resends the group while it fires: still one alert held.
    await postJson(e2e, '/webhooks/alertmanager', alertOn('api', 'ApiErrors', 'warning', firstSeen));
    await ingestDrained(e2e);
    const listed = await incidentReply(e2e, 'silences');
    expect(listed).toContain('SIL-0001');
    expect(listed).toContain('`api`');
    expect(listed).toContain('1 alert held');
    expect(listed).toContain('ApiErrors');

    // Alertmanager resends the firing group; once the silence is over, the alert opens its incident.
    clock.advance(2 * HOUR_MS);
    expect(await ctx.silences.active(clock.now())).toEqual([]);
    expect(
      (await postJson(e2e, '/webhooks/alertmanager', alertOn('api', 'ApiErrors', 'warning', firstSeen)))
        .status,
    ).toBe(202);
    await ingestDrained(e2e);
    const [ticket] = await ctx.tickets.listRecent(10);
    expect(ticket?.system).toBe('api');
    expect(ticket?.silenced).toBeUndefined();
    await waitFor(() => cardOf(e2e as E2E, 'INC-0001'), { what: "the incident's card after the silence" });
    expect(await incidentReply(e2e, 'silences')).toContain('No active silence');
  });

  it('gives a sev1 during a silence its card, marked silenced', async () => {
    const clock = testClock();
    e2e = await start(clock);
    const { ctx } = e2e.warroom.runtime;
    await incidentReply(e2e, 'silence database 2h failover drill');

    const now = new Date();
    await postJson(e2e, '/webhooks/alertmanager', alertOn('database', 'DatabaseSlow', 'warning', now));
    await ingestDrained(e2e);
    expect(await ctx.tickets.listRecent(10)).toEqual([]);

    await postJson(e2e, '/webhooks/alertmanager', alertOn('database', 'DatabaseDown', 'critical', now));
    await ingestDrained(e2e);
    const [ticket] = await ctx.tickets.listRecent(10);
    expect(ticket).toMatchObject({
      sev: 'sev1',
      system: 'database',
      silenced: { id: 'SIL-0001', target: 'database' },
    });
    const card = await waitFor(() => cardOf(e2e as E2E, 'INC-0001'), { what: 'the silenced sev1 card' });
    expect(card.text).toMatch(/^INC-0001 · .*\(silenced\)$/);
    expect(JSON.stringify(card.blocks)).toContain('🔕 *Silenced* — opened during SIL-0001 on `database`');
    expect(await incidentReply(e2e, 'silences')).toContain('1 alert held');
  });

  it('/incident unsilence ends a silence early (approvers only): App Home updates and held alerts open again', async () => {
    const clock = testClock();
    e2e = await start(clock);
    const { ctx } = e2e.warroom.runtime;
    const run = e2e;
    await incidentReply(run, 'silence api 1h api deploy in progress');
    const listed = await incidentReply(run, 'silences');
    expect(listed).toContain('/incident unsilence SIL-0001');

    const homeText = () => JSON.stringify(run.emulator.homeView(ONCALL)?.view ?? {});
    await run.driver.event({
      event: { type: 'app_home_opened', user: ONCALL, channel: 'D0HOME', tab: 'home' },
    });
    await waitFor(() => (homeText().includes('SIL-0001') ? true : undefined), {
      what: 'the silence on App Home',
    });
    expect(homeText()).toContain('/incident unsilence');

    const firstSeen = new Date();
    await postJson(run, '/webhooks/alertmanager', alertOn('api', 'ApiErrors', 'warning', firstSeen));
    await ingestDrained(run);
    expect(await ctx.tickets.listRecent(10)).toEqual([]);

    const outsider = JSON.parse(await ackOf(run, 'unsilence SIL-0001', 'U0OUTSIDER'));
    expect(outsider).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^Only approvers/),
    });
    const unknown = await incidentReply(run, 'unsilence payments');
    expect(unknown).toContain('No active silence matches `payments`');
    expect(unknown).toContain('Nothing was changed');
    expect(await ackOf(run, 'unsilence')).toContain(
      '`unsilence` needs one silence id, service or alert name',
    );
    expect((await ctx.silences.active(clock.now())).map((silence) => silence.id)).toEqual(['SIL-0001']);

    const ended = await incidentReply(run, 'unsilence sil-1');
    expect(ended).toContain(`<@${ONCALL}> ended SIL-0001 on \`api\` early`);
    expect(await ctx.silences.active(clock.now())).toEqual([]);
    await waitFor(() => (homeText().includes('SIL-0001') ? undefined : true), {
      what: 'App Home without the ended silence',
    });
    expect(await incidentReply(run, 'unsilence SIL-0001')).toContain('No active silence matches');

    // The silence ended early, not in an hour: the next delivery of the held alert opens its incident.
    await postJson(run, '/webhooks/alertmanager', alertOn('api', 'ApiErrors', 'warning', firstSeen));
    await ingestDrained(run);
    const [ticket] = await ctx.tickets.listRecent(10);
    expect(ticket?.system).toBe('api');
    await waitFor(() => cardOf(run, 'INC-0001'), { what: "the incident's card after unsilence" });
  });

  it('/incident unsilence <service> ends every active silence on it', async () => {
    const clock = testClock();
    e2e = await start(clock);
    const { ctx } = e2e.warroom.runtime;
    await incidentReply(e2e, 'silence api 1h deploy');
    await incidentReply(e2e, 'silence api 2h migration');
    await incidentReply(e2e, 'silence ApiErrors 2h known');
    const ended = await incidentReply(e2e, 'unsilence API');
    expect(ended).toContain('SIL-0001 on `api`, SIL-0002 on `api`');
    expect((await ctx.silences.active(clock.now())).map((silence) => silence.id)).toEqual(['SIL-0003']);
    expect(await incidentReply(e2e, 'unsilence apierrors')).toContain('SIL-0003');
    expect(await ctx.silences.active(clock.now())).toEqual([]);
  });
});
