import { describe, expect, it } from 'vitest';
import { Alert, type AlertSource } from '../../../src/ingest/alert.js';
import { NORMALIZERS } from '../../../src/ingest/normalizers/index.js';
import { ALERT_FIXTURES, alertFixture, alertFixtureSource } from '../../support/alert-fixtures.js';

const context = { receivedAt: '2026-03-01T12:00:00.000Z' };

function normalize(name: string): Alert[] {
  return NORMALIZERS[alertFixtureSource(name)](alertFixture(name), context);
}

const zulipGraphUrl =
  'http://cobalt:9090/graph?g0.expr=avg+by%28host%29+%28sensors_temp_input%7Bfeature%3D~%22core_%5B0-9%5D%2B%22%7D%29+%3E+15&g0.tab=1';

function zulipCpuAlert(fingerprint: string, description: string): Alert {
  return {
    source: 'alertmanager',
    fingerprint,
    status: 'firing',
    system: 'andromeda',
    issue: 'High CPU Temperature',
    severity: 'sev1',
    labels: { alertname: 'High CPU Temperature', host: 'andromeda', severity: 'critical' },
    annotations: { description, topic: 'andromeda', summary: 'High CPU core temperature' },
    startsAt: '2020-02-06T00:17:58.432Z',
    endsAt: null,
    links: [zulipGraphUrl],
    summary: 'High CPU core temperature',
  };
}

function dingtalkAlert(
  fingerprint: string,
  env: string,
  host: string,
  startsAt: string,
  summary: string,
): Alert {
  return {
    source: 'alertmanager',
    fingerprint,
    status: 'firing',
    system: 'prometheus-bot',
    issue: 'something_happened',
    severity: 'sev2',
    labels: {
      alertname: 'something_happened',
      env,
      instance: `${host}:9100`,
      job: 'node',
      service: 'prometheus_bot',
      severity: 'warning',
      supervisor: 'runit',
    },
    annotations: { summary },
    startsAt,
    endsAt: null,
    links: ['https://example.com/graph#...'],
    summary,
  };
}

function grafanaTestAlert(fingerprint: string, host: string): Alert {
  return {
    source: 'grafana',
    fingerprint,
    status: 'resolved',
    system: 'rabbitmq',
    issue: 'Test alert',
    severity: 'sev2',
    labels: { alertname: 'Test alert', deploy: 'prod', instance: host, job: 'rabbitmq', test: 'true' },
    annotations: {
      description: 'This is a description',
      runbook_url: 'https://example.com/',
      summary: `This is a summary field, failure on ${host}`,
    },
    startsAt: '2022-06-17T01:04:00.782Z',
    endsAt: '2022-06-17T01:08:28.652Z',
    links: [
      'https://grafana.example.com/alerting/grafana/zTjxv_C7k/view',
      `https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DTest+alert&matcher=deploy%3Dprod&matcher=instance%3D${host}&matcher=job%3Drabbitmq&matcher=test%3Dtrue`,
      'https://example.com/',
    ],
    summary: `This is a summary field, failure on ${host}`,
  };
}

const datadogBody = (alertFixture('datadog-keep-template-log-alert-triggered.json') as { body: string }).body;

const EXPECTED: Record<string, Alert[]> = {
  // Alertmanager's own fingerprints are kept; the first equals FNV-1a of its labels, the second was
  // edited by the fixture's authors (same labels, another fingerprint) and is kept as sent.
  'alertmanager-firing-two-alerts-same-group.json': [
    zulipCpuAlert('a1bc48475b20e73d', 'CPU core temperature is 34.75C'),
    zulipCpuAlert('c2ea85182f28cbd9', 'CPU core temperature is 17.625C'),
  ],
  // No fingerprint in v3: computed from the labels as Alertmanager does.
  'alertmanager-v3-no-groupkey-no-fingerprint.json': [
    dingtalkAlert(
      '9f3383a449a6af15',
      'prod',
      'server01.int',
      '2016-04-27T20:46:37.903Z',
      'Oops, something happened!',
    ),
    dingtalkAlert(
      '8867bffe7b1fb4ac',
      'staging',
      'server02.int',
      '2016-04-27T20:49:37.903Z',
      'Oops, something happend!',
    ),
  ],
  'datadog-keep-template-log-alert-triggered.json': [
    {
      source: 'datadog',
      fingerprint: '5900ed87e514f9fd',
      status: 'firing',
      system: 'keep-api',
      issue: 'Unauthorized access to API keep-api',
      severity: 'sev2',
      labels: { environment: 'production', monitor: '', service: 'keep-api', monitor_id: '134462228' },
      annotations: {
        title: '[P2] [Triggered] Unauthorized access to API keep-api',
        event_type: 'log_alert',
        alert_type: 'error',
        alert_query:
          'logs("@http.status_code:(401 OR 403)").index("*").rollup("count").by("service").last("5m") > 5',
        alert_transition: 'Triggered',
      },
      startsAt: '2024-12-11T15:25:38.000Z',
      endsAt: null,
      links: ['https://app.datadoghq.com/event/event?id=7879719351243698466'],
      summary: `${datadogBody.slice('%%%\n'.length, '%%%\n'.length + 999)}…`,
    },
  ],
  // The group says firing; two of its three alerts are resolved, and each keeps its own status.
  'grafana-unified-mixed-firing-and-resolved-3-alerts.json': [
    grafanaTestAlert('aaafafe0953f0962', 'badhost.example.com'),
    grafanaTestAlert('fb31814ac93dbe7d', 'otherhost.example.com'),
    {
      source: 'grafana',
      fingerprint: '6f9cd313db421ef1',
      status: 'firing',
      system: 'unknown',
      issue: 'Second webhook test',
      severity: 'sev2',
      labels: { alertname: 'Second webhook test', test: 'true' },
      annotations: {
        description: 'Description **here**',
        runbook_url: 'https://example.com/',
        summary: 'Testing **another** failing alert',
      },
      startsAt: '2022-06-17T01:03:00.782Z',
      endsAt: null,
      links: [
        'https://grafana.example.com/alerting/grafana/_0rkK_C7z/view',
        'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DSecond+webhook+test&matcher=test%3Dtrue',
        'https://example.com/',
      ],
      summary: 'Testing **another** failing alert',
    },
  ],
  'pagerduty-v3-incident-resolved.json': [
    {
      source: 'pagerduty',
      fingerprint: 'e649d0ae25b05b0d',
      status: 'resolved',
      system: 'pig208',
      issue: 'Test Incident',
      severity: 'sev1',
      labels: {
        incident_id: 'PCPZE64',
        incident_number: '6',
        service: 'pig208',
        service_id: 'PA2P440',
        urgency: 'high',
      },
      annotations: { event_type: 'incident.resolved', incident_status: 'resolved', agent: 'PIG 208' },
      startsAt: '2021-06-04T13:16:53.816Z',
      endsAt: '2021-06-04T13:16:53.816Z',
      links: ['https://pig208.pagerduty.com/incidents/PCPZE64'],
    },
  ],
  'pagerduty-v3-incident-triggered.json': [
    {
      source: 'pagerduty',
      fingerprint: '5c0aa40dfe8fefa6',
      status: 'firing',
      system: 'pig208',
      issue: 'Test Incident 3',
      severity: 'sev1',
      labels: {
        incident_id: 'PFQZPSY',
        incident_number: '9',
        service: 'pig208',
        service_id: 'PA2P440',
        urgency: 'high',
      },
      annotations: { event_type: 'incident.triggered', incident_status: 'triggered', agent: 'PIG 208' },
      startsAt: '2021-06-04T13:35:29.781Z',
      endsAt: null,
      links: ['https://pig208.pagerduty.com/incidents/PFQZPSY'],
    },
  ],
};

describe('normalizers: the real fixtures', () => {
  it('has an expectation for every fixture, and a fixture for every source', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(ALERT_FIXTURES);
    const sources = new Set<AlertSource>(ALERT_FIXTURES.map(alertFixtureSource));
    expect([...sources].sort()).toEqual(['alertmanager', 'datadog', 'grafana', 'pagerduty']);
  });

  it.each(ALERT_FIXTURES)('%s normalizes to the alerts written by hand', (name) => {
    const alerts = normalize(name);
    expect(alerts).toStrictEqual(EXPECTED[name]?.map((alert) => ({ summary: undefined, ...alert })));
    for (const alert of alerts) expect(Alert.parse(alert)).toEqual(alert);
  });

  it('cuts a long Datadog body to the 1000-character summary limit', () => {
    const [alert] = normalize('datadog-keep-template-log-alert-triggered.json');
    expect(alert?.summary).toHaveLength(1000);
    expect(alert?.summary?.startsWith('https://app.datadoghq.com/logs/analytics?')).toBe(true);
  });
});
