import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { alertmanagerPayload } from '../support/alertmanager-payloads.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { CARD_BUDGET_MS, E2E_WEBHOOK_TOKEN, ingestDrained, postJson } from '../support/e2e-alerts.js';
import { WRITE_METHODS } from '../support/slack-thread.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0ALERTS';
const TOKEN = E2E_WEBHOOK_TOKEN;
const SERVICES = 50;
const ALERTS_PER_SERVICE = 200;
const BATCH = 100;

describe('alerts through the real app', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it('turns a real Alertmanager delivery into an incident card in the incident channel', async () => {
    e2e = await startE2E({ env: { WEBHOOK_TOKEN: TOKEN, SLACK_INCIDENT_CHANNEL: CHANNEL } });
    const fixture = JSON.parse(
      readFileSync('test/fixtures/alerts/alertmanager-firing-two-alerts-same-group.json', 'utf8'),
    );
    expect((await postJson(e2e, '/webhooks/alertmanager', fixture, 'wrong')).status).toBe(401);
    const accepted = await postJson(e2e, '/webhooks/alertmanager', fixture);
    expect(accepted).toEqual({ status: 202, body: { ok: true, accepted: 2 } });
    // Alertmanager resends the whole group every group_interval: still one incident.
    expect((await postJson(e2e, '/webhooks/alertmanager', fixture)).status).toBe(202);
    await ingestDrained(e2e);
    const card = await waitFor(() => e2e?.emulator.messages(CHANNEL)[0], { what: 'a card' });
    expect(card.text).toMatch(/^INC-0001 · /);
    expect(await e2e.warroom.runtime.ctx.tickets.listRecent(10)).toHaveLength(1);
  });

  it(`absorbs a storm of ${SERVICES * ALERTS_PER_SERVICE} alerts over ${SERVICES} services: nothing lost, one incident per group, Slack writes bounded`, async () => {
    e2e = await startE2E({
      env: { WEBHOOK_TOKEN: TOKEN, SLACK_INCIDENT_CHANNEL: CHANNEL },
      // Slack's limits scaled 20x so the test runs in seconds (a burst of 5, as Slack tolerates short
      // bursts); the outbox paces itself just under them.
      emulator: { postBurst: 5, postRefillPerSec: 20 },
      overrides: { outbox: { postIntervalMs: 60, updateIntervalMs: 200 } },
    });
    const now = new Date();
    const alerts = Array.from({ length: SERVICES * ALERTS_PER_SERVICE }, (_, index) => ({
      service: `svc-${String(index % SERVICES).padStart(2, '0')}`,
      alertname: `Symptom${Math.floor(index / SERVICES) % 20}`,
      instance: `node-${Math.floor(index / (SERVICES * 20))}`,
      startsAt: new Date(now.getTime() - (index % 60) * 1000),
    }));
    const started = performance.now();
    for (let offset = 0; offset < alerts.length; offset += BATCH) {
      const response = await postJson(
        e2e,
        '/webhooks/alertmanager',
        alertmanagerPayload(alerts.slice(offset, offset + BATCH)),
      );
      expect(response.status).toBe(202);
    }
    await ingestDrained(e2e, 120_000);
    const ingestedInMs = performance.now() - started;

    const { runtime } = e2e.warroom;
    const tickets = await runtime.ctx.tickets.listRecent(1000);
    expect(tickets).toHaveLength(SERVICES);
    const tallies = await Promise.all(tickets.map((ticket) => runtime.ingest.tally(ticket.id)));
    expect(tallies.reduce((sum, tally) => sum + tally.total, 0)).toBe(alerts.length);
    for (const tally of tallies) expect(tally.total).toBe(ALERTS_PER_SERVICE);

    await waitFor(() => (e2e?.emulator.messages(CHANNEL).length === SERVICES ? true : undefined), {
      timeoutMs: CARD_BUDGET_MS,
      what: 'a card per incident',
    });
    await waitFor(
      () => {
        const threads = (e2e?.emulator.messages(CHANNEL) ?? []).map(
          (card) => e2e?.emulator.thread(CHANNEL, card.ts) ?? [],
        );
        return threads.every((thread) =>
          thread.some((message) => message.metadata?.event_payload?.key === 'alerts'),
        )
          ? true
          : undefined;
      },
      { timeoutMs: CARD_BUDGET_MS, what: 'an alerts message in every thread' },
    );
    expect(e2e.emulator.rateLimitedByPostingLimit()).toBe(0);
    const writes = e2e.emulator.calls().filter((call) => WRITE_METHODS.includes(call.method));
    const perThousand = (writes.length / alerts.length) * 1000;
    // A card, a handful of thread messages and coalesced updates per incident; never one per alert.
    expect(writes.length).toBeLessThan(SERVICES * 20);
    console.info(
      `storm: ${alerts.length} alerts ingested in ${ingestedInMs.toFixed(0)} ms; ${writes.length} Slack writes (${perThousand.toFixed(1)} per 1,000 alerts)`,
    );
  }, 240_000);
});
