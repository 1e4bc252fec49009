import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../../../src/http/webhooks/index.js';
import { ALERT_SOURCES } from '../../../src/ingest/alert.js';
import { NORMALIZERS } from '../../../src/ingest/normalizers/index.js';
import {
  ALERT_FIXTURES,
  alertFixture,
  alertFixtureRaw,
  alertFixtureSource,
} from '../../support/alert-fixtures.js';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server.js';

const TOKEN = 'test-webhook-token-0123456789';
const PD_OLD = 'pd-old-secret';
const PD_NEW = 'pd-new-secret';
const GRAFANA_SECRET = 'grafana-secret';
const bearer = { authorization: `Bearer ${TOKEN}` };

const hmac = (secret: string, text: string | Buffer) =>
  createHmac('sha256', secret).update(text).digest('hex');

let server: WebhookServer;

beforeAll(async () => {
  server = await startWebhookServer({
    webhookToken: TOKEN,
    pagerdutySecrets: `${PD_OLD}, ${PD_NEW}`,
    grafanaSecret: GRAFANA_SECRET,
  });
});
afterAll(() => server.close());
beforeEach(() => server.sink.reset());

describe('webhooks: the real fixtures', () => {
  it.each(ALERT_FIXTURES)('accepts %s with 202 and hands its alerts to the sink once', async (name) => {
    const source = alertFixtureSource(name);
    const response = await server.post(source, alertFixtureRaw(name), {
      ...bearer,
      'x-request-id': `req-${name}`,
    });
    const expected = NORMALIZERS[source](alertFixture(name), {
      receivedAt: server.sink.batches[0]?.receivedAt ?? '',
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ok: true, accepted: expected.length });
    expect(server.sink.batches).toEqual([
      { source, alerts: expected, deliveryId: `req-${name}`, receivedAt: expect.any(String) },
    ]);
  });

  it("takes PagerDuty's delivery id from X-Webhook-Id", async () => {
    const body = alertFixtureRaw('pagerduty-v3-incident-triggered.json');
    await server.post('pagerduty', body, { ...bearer, 'x-webhook-id': 'wh-1', 'x-request-id': 'req-1' });
    await server.post('generic', '{"system":"api","issue":"x"}', { ...bearer, 'idempotency-key': 'key-1' });
    expect(server.sink.batches.map((batch) => batch.deliveryId)).toEqual(['wh-1', 'key-1']);
  });
});

describe('webhooks: authentication', () => {
  it('answers 503 on every source when no token is configured', async () => {
    const unconfigured = await startWebhookServer({ pagerdutySecrets: PD_NEW });
    try {
      for (const source of ALERT_SOURCES) {
        const response = await unconfigured.post(source, '{}', bearer);
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({
          ok: false,
          message: expect.stringContaining('WEBHOOK_TOKEN'),
        });
      }
      expect(unconfigured.sink.batches).toEqual([]);
    } finally {
      await unconfigured.close();
    }
  });

  it.each([
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token' }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
  ])('answers 401 to %s and passes nothing on', async (_case, headers) => {
    const response = await server.post('alertmanager', alertFixtureRaw(ALERT_FIXTURES[0] ?? ''), headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error: 'unauthorized' });
    expect(server.sink.batches).toEqual([]);
  });

  it('accepts PagerDuty signatures during rotation, without a bearer token', async () => {
    const body = alertFixtureRaw('pagerduty-v3-incident-triggered.json');
    const twoSignaturesSecondValid = `v1=${hmac('retired-secret', body)},v1=${hmac(PD_NEW, body)}`;
    const signedWithSecondSecret = `v1=${hmac(PD_NEW, body)}`;
    const signedWithFirstSecret = `v1=${hmac(PD_OLD, body)}`;
    for (const signature of [twoSignaturesSecondValid, signedWithSecondSecret, signedWithFirstSecret]) {
      const response = await server.post('pagerduty', body, { 'x-pagerduty-signature': signature });
      expect(response.status).toBe(202);
    }
    expect(server.sink.batches).toHaveLength(3);
  });

  it('refuses PagerDuty signatures that do not match the body, and signatures on other sources', async () => {
    const body = alertFixtureRaw('pagerduty-v3-incident-triggered.json');
    const other = Buffer.concat([body, Buffer.from(' ')]);
    for (const signature of [
      `v1=${hmac('retired-secret', body)}`,
      `v1=${hmac(PD_NEW, other)}`,
      'v1=',
      'garbage',
    ]) {
      expect((await server.post('pagerduty', body, { 'x-pagerduty-signature': signature })).status).toBe(401);
    }
    const amBody = alertFixtureRaw('alertmanager-firing-two-alerts-same-group.json');
    const signed = { 'x-pagerduty-signature': `v1=${hmac(PD_NEW, amBody)}` };
    expect((await server.post('alertmanager', amBody, signed)).status).toBe(401);
    expect(server.sink.batches).toEqual([]);
  });

  it('accepts a Grafana HMAC signature with a fresh timestamp', async () => {
    const body = alertFixtureRaw('grafana-unified-mixed-firing-and-resolved-3-alerts.json');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const stamped = await server.post('grafana', body, {
      'x-grafana-alerting-signature': hmac(GRAFANA_SECRET, `${timestamp}:${body.toString()}`),
      'x-grafana-alerting-signature-timestamp': timestamp,
    });
    expect(stamped.status).toBe(202);
    expect(server.sink.batches).toHaveLength(1);
  });

  it('refuses a wrong, stale, future or unstamped (replayable forever) Grafana signature', async () => {
    const body = alertFixtureRaw('grafana-unified-mixed-firing-and-resolved-3-alerts.json');
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const future = String(Math.floor(Date.now() / 1000) + 3600);
    const cases: Array<Record<string, string>> = [
      { 'x-grafana-alerting-signature': hmac('not-the-secret', body) },
      { 'x-grafana-alerting-signature': hmac(GRAFANA_SECRET, body) },
      {
        'x-grafana-alerting-signature': hmac(GRAFANA_SECRET, `${stale}:${body.toString()}`),
        'x-grafana-alerting-signature-timestamp': stale,
      },
      {
        'x-grafana-alerting-signature': hmac(GRAFANA_SECRET, `${future}:${body.toString()}`),
        'x-grafana-alerting-signature-timestamp': future,
      },
    ];
    for (const headers of cases) expect((await server.post('grafana', body, headers)).status).toBe(401);
    expect(server.sink.batches).toEqual([]);
  });

  it('never logs the token or the signatures', async () => {
    const body = alertFixtureRaw('pagerduty-v3-incident-triggered.json');
    const signature = hmac(PD_NEW, body);
    await server.post('pagerduty', body, { 'x-pagerduty-signature': `v1=${signature}` });
    await server.post('generic', '{"system":"api","issue":"x"}', { authorization: `Bearer ${TOKEN}x` });
    const logs = server.logs.join('\n');
    expect(logs).toContain('webhook refused');
    for (const secret of [TOKEN, signature, PD_NEW, PD_OLD]) expect(logs).not.toContain(secret);
  });
});

describe('webhooks: bad input', () => {
  it('answers 413 one byte over 1 MiB, and accepts exactly 1 MiB', async () => {
    const envelope = '{"alerts":[],"pad":""}';
    const atLimit = envelope.replace('""', `"${'x'.repeat(WEBHOOK_BODY_LIMIT_BYTES - envelope.length)}"`);
    expect(Buffer.byteLength(atLimit)).toBe(1024 * 1024);
    const fits = await server.post('alertmanager', atLimit, bearer);
    expect([fits.status, await fits.json()]).toEqual([202, { ok: true, accepted: 0 }]);
    const tooLarge = await server.post('alertmanager', `${atLimit} `, bearer);
    expect(tooLarge.status).toBe(413);
    expect(server.sink.batches).toEqual([]);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await server.post('datadog', 'title=hello', bearer);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_json', detail: expect.any(String) });
  });

  it("answers 422 with zod's paths to JSON of the wrong shape", async () => {
    const response = await server.post(
      'alertmanager',
      '{"alerts":[{"status":"exploded","labels":{"a":1}}]}',
      bearer,
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      ok: false,
      error: 'invalid_payload',
      issues: [
        { path: ['alerts', 0, 'status'], message: expect.any(String) },
        { path: ['alerts', 0, 'labels', 'a'], message: expect.any(String) },
      ],
    });
    expect(server.sink.batches).toEqual([]);
  });

  it('answers 202 with nothing accepted when a payload holds no alert', async () => {
    const ping = '{"event":{"id":"E1","event_type":"pagey.ping","data":null}}';
    const response = await server.post('pagerduty', ping, bearer);
    expect([response.status, await response.json()]).toEqual([202, { ok: true, accepted: 0 }]);
    expect(server.sink.batches).toEqual([]);
  });

  it('answers 503 without details when the sink fails', async () => {
    server.sink.failing = true;
    const response = await server.post('generic', '{"system":"api","issue":"x"}', bearer);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ ok: false, error: 'unavailable' });
  });
});
