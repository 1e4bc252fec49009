import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ISSUE_MAX_CHARS } from '../../../src/ingest/alert.js';
import { ORIGINAL_LABELS } from '../../../src/ingest/clip-alert.js';
import type { WebhookResult } from '../../../src/metrics/metrics.js';
import { alertFixture } from '../../support/alert-fixtures.js';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server.js';

const TOKEN = 'bad-alerts-token';
const bearer = { authorization: `Bearer ${TOKEN}` };
/** Names an object literal would find on Object.prototype, and the system each must become. */
const PROTOTYPE_NAMES: Array<[name: string, system: string]> = [
  ['constructor', 'constructor'],
  ['__proto__', '-proto-'],
  ['toString', 'tostring'],
  ['hasOwnProperty', 'hasownproperty'],
  ['valueOf', 'valueof'],
];

interface AmGroup {
  alerts: Array<{ labels: Record<string, unknown> }>;
}

/** The real two-alert Alertmanager group, its second alert's labels changed by `change`. */
function amGroupWithSecond(change: (labels: Record<string, unknown>) => void): AmGroup {
  const group = alertFixture('alertmanager-firing-two-alerts-same-group.json') as AmGroup;
  const second = group.alerts[1];
  if (!second) throw new Error('the fixture has two alerts');
  change(second.labels);
  return group;
}

let server: WebhookServer;
const results: Array<{ result: WebhookResult; alerts: number; rejected: number }> = [];

beforeAll(async () => {
  server = await startWebhookServer({
    webhookToken: TOKEN,
    onResult: (_source, result, alerts, rejected = 0) => results.push({ result, alerts, rejected }),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.sink.reset();
  results.length = 0;
});

describe('webhooks: label values named like Object.prototype members', () => {
  it.each(PROTOTYPE_NAMES)(
    'takes an Alertmanager group whose service is %s (once a 500)',
    async (name, system) => {
      const group = amGroupWithSecond((labels) => {
        labels.service = name;
      });
      const response = await server.post('alertmanager', JSON.stringify(group), bearer);
      expect([response.status, await response.json()]).toEqual([202, { ok: true, accepted: 2 }]);
      const systems = server.sink.batches[0]?.alerts.map((alert) => alert.system);
      expect(systems).toEqual(['andromeda', system]);
    },
  );

  it.each(PROTOTYPE_NAMES)(
    'keeps a generic system named %s as text beside a good alert',
    async (name, system) => {
      const body = {
        alerts: [
          { system: name, issue: 'odd name' },
          { system: 'api', issue: '5xx above 5%' },
        ],
      };
      const response = await server.post('generic', JSON.stringify(body), bearer);
      expect(response.status).toBe(202);
      const alerts = server.sink.batches[0]?.alerts ?? [];
      expect(alerts.map((alert) => alert.system)).toEqual([system, 'api']);
      for (const alert of alerts) expect(typeof alert.system).toBe('string');
    },
  );
});

describe('webhooks: fields longer than a ticket holds are clipped at the edge', () => {
  it('clips a 600-char alertname to the ticket limit; the raw labels keep it whole', async () => {
    const longName = `DiskAlmostFull ${'x'.repeat(600)}`;
    const group = amGroupWithSecond((labels) => {
      labels.alertname = longName;
    });
    const response = await server.post('alertmanager', JSON.stringify(group), bearer);
    expect([response.status, await response.json()]).toEqual([202, { ok: true, accepted: 2 }]);
    const [first, second] = server.sink.batches[0]?.alerts ?? [];
    expect(first?.issue).toBe('High CPU Temperature');
    expect(second?.issue).toHaveLength(ISSUE_MAX_CHARS);
    expect(second?.issue.endsWith('…')).toBe(true);
    expect(second?.labels.alertname).toBe(longName);
    expect(second?.labels[ORIGINAL_LABELS.issue]).toBe(longName);
  });

  it('clips a 700-char Datadog title and a 300-char service, and hashes a 1,000-char fingerprint', async () => {
    const payload = alertFixture('datadog-keep-template-log-alert-triggered.json') as Record<string, unknown>;
    const title = `Unauthorized access ${'y'.repeat(700)}`;
    const service = `svc-${'z'.repeat(300)}`;
    const body = {
      ...payload,
      title: `[P2] [Triggered] ${title}`,
      scopes: `service:${service}`,
      aggreg_key: 'k'.repeat(1000),
    };
    const response = await server.post('datadog', JSON.stringify(body), bearer);
    expect(response.status).toBe(202);
    const [alert] = server.sink.batches[0]?.alerts ?? [];
    expect(alert?.issue).toHaveLength(ISSUE_MAX_CHARS);
    expect(alert?.system).toHaveLength(100);
    expect(alert?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(alert?.labels).toMatchObject({
      [ORIGINAL_LABELS.issue]: title,
      [ORIGINAL_LABELS.system]: service,
      [ORIGINAL_LABELS.fingerprint]: 'k'.repeat(1000),
    });
  });
});

describe('webhooks: one bad alert never costs its neighbours', () => {
  it('takes the good alerts of a Grafana group, and reports and counts the one of the wrong shape', async () => {
    const group = alertFixture('grafana-unified-mixed-firing-and-resolved-3-alerts.json') as AmGroup;
    const first = group.alerts[0];
    if (first) first.labels.instance = 42;
    const response = await server.post('grafana', JSON.stringify(group), bearer);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      ok: true,
      accepted: 2,
      rejected: 1,
      issues: [{ path: ['alerts', 0, 'labels', 'instance'], message: expect.any(String) }],
    });
    expect(server.sink.batches[0]?.alerts.map((alert) => alert.labels.instance)).toEqual([
      'otherhost.example.com',
      undefined,
    ]);
    expect(results).toEqual([{ result: 'accepted', alerts: 2, rejected: 1 }]);
    expect(server.logs.some((line) => line.includes('webhook alerts dropped'))).toBe(true);
  });

  it('takes the good alerts of a generic batch beside one with no issue', async () => {
    const body = {
      alerts: [{ system: 'api', issue: 'errors' }, { system: 'db' }, { system: 'cache', issue: 'evictions' }],
    };
    const response = await server.post('generic', JSON.stringify(body), bearer);
    expect(await response.json()).toMatchObject({
      accepted: 2,
      rejected: 1,
      issues: [{ path: ['alerts', 1, 'issue'] }],
    });
    expect(server.sink.batches[0]?.alerts.map((alert) => alert.system)).toEqual(['api', 'cache']);
  });

  it('still answers 422 when the envelope is wrong, even with good alerts inside', async () => {
    const group = alertFixture('alertmanager-firing-two-alerts-same-group.json') as Record<string, unknown>;
    const response = await server.post(
      'alertmanager',
      JSON.stringify({ ...group, commonLabels: 'oops' }),
      bearer,
    );
    expect(response.status).toBe(422);
    expect(server.sink.batches).toEqual([]);
  });
});

describe('webhooks: a 500 is counted', () => {
  it('reports internal_error when the handler fails unexpectedly', async () => {
    const broken = await startWebhookServer({
      webhookToken: TOKEN,
      now: () => {
        throw new Error('clock unavailable');
      },
      onResult: (_source, result, alerts, rejected = 0) => results.push({ result, alerts, rejected }),
    });
    try {
      const response = await broken.post('generic', '{"system":"api","issue":"x"}', bearer);
      expect(response.status).toBe(500);
      expect(results).toEqual([{ result: 'internal_error', alerts: 0, rejected: 0 }]);
    } finally {
      await broken.close();
    }
  });
});
