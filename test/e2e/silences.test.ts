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

    const refused = await e2e.driver.slashCommand({
      command: '/incident',
      text: 'silence api forever',
      userId: ONCALL,
      channelId: CHANNEL,
    });
    expect(JSON.stringify(refused.json)).toContain('`silence` needs a service or alert name and a duration');
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
});
