import { describe, expect, it } from 'vitest';
import { labelSetFingerprint } from '../../../src/ingest/fingerprint.js';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import { normalizeGrafana } from '../../../src/ingest/normalizers/grafana.js';
import { namesOf, systemFromLabels } from '../../../src/ingest/system.js';
import { simulatedDirectory } from '../../../src/sim/sim-directory.js';
import { shapeError } from '../../support/shape-error.js';

const context = { receivedAt: '2026-03-01T12:00:00.000Z' };

function amGroup(alert: Record<string, unknown>, group: Record<string, unknown> = {}): unknown {
  return { version: '4', status: 'firing', alerts: [alert], ...group };
}

describe('Alertmanager', () => {
  it('accepts a numeric groupKey and null maps, gives an alert without status its group status', () => {
    const [alert] = normalizeAlertmanager(
      amGroup(
        { labels: { alertname: 'DiskFull', service: 'storage' }, startsAt: '2026-03-01T11:00:00Z' },
        { groupKey: 12345, status: 'resolved', groupLabels: null, commonAnnotations: null },
      ),
      context,
    );
    expect(alert).toMatchObject({
      status: 'resolved',
      system: 'storage',
      issue: 'DiskFull',
      endsAt: context.receivedAt,
    });
    expect(alert?.fingerprint).toBe(labelSetFingerprint({ alertname: 'DiskFull', service: 'storage' }));
  });

  it('keeps a resolved alert end time and treats Go zero time as no time', () => {
    const [resolved] = normalizeAlertmanager(
      amGroup({
        status: 'resolved',
        labels: {},
        startsAt: '0001-01-01T00:00:00Z',
        endsAt: '2026-03-01T11:30:00Z',
      }),
      context,
    );
    expect(resolved).toMatchObject({ startsAt: context.receivedAt, endsAt: '2026-03-01T11:30:00.000Z' });
    expect(resolved?.issue).toBe('unnamed alert');
  });

  it.each([
    ['critical', 'sev1'],
    ['page', 'sev1'],
    ['error', 'sev2'],
    ['Warning', 'sev2'],
    ['high', 'sev2'],
    ['info', 'sev3'],
    ['low', 'sev3'],
    ['none', 'sev3'],
    ['purple', 'sev2'],
  ])('maps severity label %s to %s', (severity, expected) => {
    const [alert] = normalizeAlertmanager(amGroup({ labels: { alertname: 'X', severity } }), context);
    expect(alert?.severity).toBe(expected);
  });

  it('defaults to sev2 without a severity label, and merges common labels and annotations', () => {
    const [alert] = normalizeAlertmanager(
      amGroup(
        { labels: { alertname: 'X' }, annotations: { description: 'own' } },
        { commonLabels: { team: 'data' }, commonAnnotations: { summary: 'common', description: 'group' } },
      ),
      context,
    );
    expect(alert).toMatchObject({
      severity: 'sev2',
      labels: { alertname: 'X', team: 'data' },
      annotations: { summary: 'common', description: 'own' },
      summary: 'common',
    });
  });

  it('keeps only web links', () => {
    const [alert] = normalizeAlertmanager(
      amGroup({
        labels: {},
        generatorURL: 'javascript:alert(1)',
        annotations: { runbook_url: 'https://runbooks.example.com/disk' },
      }),
      context,
    );
    expect(alert?.links).toEqual(['https://runbooks.example.com/disk']);
  });

  it('reports zod paths for a wrong shape', () => {
    expect(shapeError(() => normalizeAlertmanager({ version: '4' })).issues).toEqual([
      { path: ['alerts'], message: expect.any(String) },
    ]);
    const error = shapeError(() => normalizeAlertmanager(amGroup({ status: 'exploded', labels: { a: 1 } })));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['alerts', 0, 'status'],
      ['alerts', 0, 'labels', 'a'],
    ]);
    expect(error.httpStatus).toBe(422);
    expect(shapeError(() => normalizeAlertmanager('nope')).issues[0]?.path).toEqual([]);
  });
});

describe('system from labels', () => {
  const simulated = simulatedDirectory();
  const simNames = namesOf((name) => simulated.resolve(name));
  it.each([
    [{ service: 'api' }, 'api', 'api'],
    [{ service: 'Postgres' }, 'postgres', 'database'],
    [{ app: 'Checkout_Service' }, 'checkout-service', 'checkout-service'],
    [{ job: 'node', instance: 'api-2.prod.example.com:9100' }, 'node', 'api'],
    [{ job: 'node', instance: 'db01:9100' }, 'node', 'database'],
    [{ job: 'node', instance: '10.0.0.7:9100' }, 'node', 'node'],
    [{ host: 'andromeda' }, 'andromeda', 'andromeda'],
    [{ service: 'billing', component: 'redis' }, 'billing', 'cache'],
    [{ alertname: 'Watchdog' }, 'unknown', 'unknown'],
  ])('%o → %s as normalized, %s in the simulated estate’s names', (labels, normalized, simulatedName) => {
    expect(systemFromLabels(labels)).toBe(normalized);
    expect(systemFromLabels(labels, simNames)).toBe(simulatedName);
  });
});

describe('Grafana', () => {
  it('reads the legacy dashboard alert format', () => {
    const alerts = normalizeGrafana(
      {
        ruleId: 7,
        ruleName: 'High latency',
        ruleUrl: 'https://grafana.example.com/d/abc?panelId=2',
        state: 'ok',
        title: '[OK] High latency',
        message: 'p99 back under 300 ms',
        tags: { service: 'web', severity: 'critical' },
        evalMatches: [],
      },
      context,
    );
    expect(alerts).toEqual([
      {
        source: 'grafana',
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        status: 'resolved',
        system: 'web',
        issue: 'High latency',
        severity: 'sev1',
        labels: { service: 'web', severity: 'critical' },
        annotations: { title: '[OK] High latency', message: 'p99 back under 300 ms' },
        startsAt: context.receivedAt,
        endsAt: context.receivedAt,
        links: ['https://grafana.example.com/d/abc?panelId=2'],
        summary: 'p99 back under 300 ms',
      },
    ]);
    const firing = normalizeGrafana({ ruleId: 7, ruleName: 'High latency', state: 'alerting' }, context);
    expect(firing[0]?.status).toBe('firing');
    expect(firing[0]?.fingerprint).toBe(alerts[0]?.fingerprint);
  });

  it('reports the missing alerts of a unified payload', () => {
    expect(shapeError(() => normalizeGrafana({ status: 'firing' })).issues[0]?.path).toEqual(['alerts']);
  });
});
