import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { FLOOD_SYSTEM } from '../../src/ingest/flood.js';
import { type E2E, startE2E } from '../support/e2e.js';
import {
  CARD_BUDGET_MS,
  E2E_WEBHOOK_TOKEN,
  ingestDrained,
  postJson,
  redisFootprint,
} from '../support/e2e-alerts.js';
import { testRedisUrl, waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0FLOOD';
const SERVICES = 10_000;
const LIMIT = loadConfig({}).INGEST_NEW_INCIDENTS_PER_MINUTE;
/**
 * Far above what ~60 incidents and 10,000 alert series take, far below what 10,000 incidents took
 * (the red team measured ~540 MB for 6,247): a flood that opened an incident per group would blow it.
 */
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_KEYS_PER_INCIDENT = 40;

describe('an alert flood through the real app', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it(`takes one ${SERVICES.toLocaleString('en-US')}-service generic delivery with bounded incidents and Redis, and a sev1 sent after it still gets its card`, async () => {
    e2e = await startE2E({
      env: { WEBHOOK_TOKEN: E2E_WEBHOOK_TOKEN, SLACK_INCIDENT_CHANNEL: CHANNEL },
      // The storm test's scaled Slack limits and outbox pacing.
      emulator: { postBurst: 5, postRefillPerSec: 20 },
      overrides: { outbox: { postIntervalMs: 60, updateIntervalMs: 200 } },
    });
    const before = await redisFootprint(testRedisUrl(), e2e.prefix);
    const flood = {
      alerts: Array.from({ length: SERVICES }, (_, index) => ({
        system: `svc-${String(index).padStart(5, '0')}`,
        issue: 'error rate above 5%',
        severity: 'warning',
      })),
    };
    const bodyBytes = Buffer.byteLength(JSON.stringify(flood));
    // A valid delivery within the byte limit is always accepted: Alertmanager never resends after a 4xx.
    expect(await postJson(e2e, '/webhooks/generic', flood)).toEqual({
      status: 202,
      body: { ok: true, accepted: SERVICES },
    });
    const sev1SentAt = performance.now();
    const sev1 = { system: 'payments', issue: 'checkout down', severity: 'critical' };
    expect((await postJson(e2e, '/webhooks/generic', sev1)).status).toBe(202);

    const { runtime } = e2e.warroom;
    const payments = await waitFor(
      async () => (await runtime.ctx.tickets.listRecent(1000)).find((ticket) => ticket.system === 'payments'),
      { timeoutMs: CARD_BUDGET_MS, what: 'the sev1 incident' },
    );
    const card = await waitFor(
      () => e2e?.emulator.messages(CHANNEL).find((message) => message.text?.startsWith(`${payments.id} · `)),
      { timeoutMs: CARD_BUDGET_MS - (performance.now() - sev1SentAt), what: 'the sev1 card' },
    );
    const sev1CardMs = performance.now() - sev1SentAt;
    expect(card).toBeDefined();
    expect(payments.sev).toBe('sev1');
    await ingestDrained(e2e);

    const tickets = await runtime.ctx.tickets.listRecent(1000);
    expect(tickets).toHaveLength(LIMIT + 2);
    const floodTicket = tickets.find((ticket) => ticket.system === FLOOD_SYSTEM);
    const folded = SERVICES - LIMIT;
    expect(floodTicket?.issue).toMatch(
      new RegExp(
        `^Alert flood from generic: ${folded.toLocaleString('en-US')} correlation groups folded here \\(svc-\\d{5}, `,
      ),
    );
    expect(await runtime.ingest.tally(floodTicket?.id ?? '')).toMatchObject({
      total: folded,
      firing: folded,
    });
    await waitFor(
      () =>
        e2e?.emulator.messages(CHANNEL).some((message) => message.text?.startsWith(`${floodTicket?.id} · `))
          ? true
          : undefined,
      { timeoutMs: CARD_BUDGET_MS, what: 'the flood card' },
    );

    const after = await redisFootprint(testRedisUrl(), e2e.prefix);
    expect(after.bytes).toBeLessThan(MAX_BYTES);
    expect(after.keys).toBeLessThan(tickets.length * MAX_KEYS_PER_INCIDENT);
    console.info(
      `flood: ${SERVICES} services in ${(bodyBytes / 1024).toFixed(0)} KB → ${tickets.length} incidents; ` +
        `Redis ${before.keys} → ${after.keys} keys, ${(before.bytes / 1e6).toFixed(2)} → ${(after.bytes / 1e6).toFixed(1)} MB; ` +
        `sev1 card after ${sev1CardMs.toFixed(0)} ms`,
    );
  }, 240_000);
});
