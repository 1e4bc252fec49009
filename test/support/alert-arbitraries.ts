import fc from 'fast-check';
import type { AlertSource } from '../../src/ingest/alert.js';

/** Mostly the right kind of value, sometimes any JSON at all: payloads shaped almost like the real ones. */
function mutable<T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
}

function loose<T extends Record<string, fc.Arbitrary<unknown>>>(
  fields: T,
): fc.Arbitrary<Record<string, unknown>> {
  const mutated = Object.fromEntries(
    Object.entries(fields).map(([key, arbitrary]) => [key, mutable(arbitrary)]),
  );
  return fc.record(mutated, { requiredKeys: [] });
}

const word = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'critical',
    'warning',
    'info',
    'P1',
    'P4',
    'high',
    'low',
    'api',
    'Postgres',
    'db01:9100',
    '',
  ),
);
const labels = fc.dictionary(
  fc.oneof(
    fc.constantFrom('alertname', 'severity', 'service', 'job', 'instance', 'host', 'app'),
    fc.string(),
  ),
  word,
  { maxKeys: 6 },
);
const instant = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.constant('0001-01-01T00:00:00Z'),
);
const link = fc.oneof(fc.webUrl(), fc.string({ maxLength: 10 }), fc.constant('javascript:alert(1)'));
const status = fc.constantFrom('firing', 'resolved');

const prometheusAlert = loose({
  status,
  labels,
  annotations: labels,
  startsAt: instant,
  endsAt: instant,
  generatorURL: link,
  fingerprint: fc.string({ maxLength: 16 }),
  silenceURL: link,
  dashboardURL: link,
});

const prometheusGroup = loose({
  version: fc.constantFrom('4', '3', '1'),
  groupKey: fc.oneof(fc.string(), fc.integer()),
  status,
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: link,
  message: fc.string(),
  alerts: fc.array(prometheusAlert, { maxLength: 4 }),
});

const grafanaLegacy = loose({
  ruleId: fc.integer(),
  ruleName: word,
  ruleUrl: link,
  state: fc.constantFrom('alerting', 'ok', 'no_data'),
  message: fc.string(),
  tags: labels,
});

const datadog = loose({
  id: fc.string(),
  monitor_id: fc.oneof(fc.string(), fc.integer()),
  title: fc.string({ maxLength: 30 }),
  alert_title: fc.string({ maxLength: 30 }),
  alert_transition: fc.constantFrom('Triggered', 'Recovered', 'Warn', 'No Data'),
  alert_type: fc.constantFrom('error', 'warning', 'success', 'info'),
  priority: word,
  tags: fc.oneof(fc.string(), fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 })),
  scopes: fc.string(),
  date: fc.oneof(fc.integer().map(String), instant),
  body: fc.string({ maxLength: 1500 }),
  url: link,
});

const pagerDutyIncident = loose({
  id: fc.string({ maxLength: 8 }),
  type: fc.constantFrom('incident', 'incident_note'),
  title: fc.string({ maxLength: 30 }),
  status: fc.constantFrom('triggered', 'acknowledged', 'resolved'),
  urgency: fc.constantFrom('high', 'low', 'constructor'),
  priority: loose({ summary: word }),
  service: loose({ id: fc.string(), summary: word }),
  html_url: link,
  created_at: instant,
});
const pagerDuty = loose({
  event: loose({
    event_type: fc.constantFrom('incident.triggered', 'incident.resolved', 'pagey.ping'),
    occurred_at: instant,
    agent: loose({ summary: fc.string() }),
    data: pagerDutyIncident,
  }),
});

const genericAlert = loose({
  system: word,
  issue: fc.string({ maxLength: 30 }),
  severity: word,
  status,
  fingerprint: fc.string({ maxLength: 16 }),
  labels,
  annotations: labels,
  startsAt: instant,
  summary: fc.string({ maxLength: 1200 }),
  links: fc.array(link, { maxLength: 3 }),
});

const kubernetesEvent = loose({
  involvedObject: loose({
    kind: fc.constantFrom('Pod', 'Deployment', 'ReplicaSet', 'Node', 'constructor'),
    name: fc.oneof(word, fc.constantFrom('payments-7d9f8b6c4-x2x9k', 'ledger-0', 'agent-4x7kq')),
    namespace: word,
    labels,
    ownerReferences: fc.array(loose({ kind: word, name: word }), { maxLength: 2 }),
  }),
  reason: fc.constantFrom('BackOff', 'OOMKilling', 'FailedMount', 'Unhealthy', 'Scheduled', '__proto__'),
  message: fc.string({ maxLength: 1200 }),
  type: fc.constantFrom('Warning', 'Normal'),
  count: fc.integer({ min: -1, max: 1000 }),
  firstTimestamp: instant,
  lastTimestamp: instant,
  source: loose({ component: word, host: word }),
});

/** Per source: payloads shaped almost like that source's, with fields missing or of the wrong kind. */
export const NEAR_PAYLOADS: Readonly<Record<AlertSource, fc.Arbitrary<unknown>>> = {
  alertmanager: prometheusGroup,
  grafana: fc.oneof(prometheusGroup, grafanaLegacy),
  datadog,
  pagerduty: pagerDuty,
  generic: fc.oneof(genericAlert, loose({ alerts: fc.array(genericAlert, { maxLength: 4 }) })),
  kubernetes: kubernetesEvent,
};
