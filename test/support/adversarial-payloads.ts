import type { AlertSource } from '../../src/ingest/alert.js';
import { HOST_LABELS, SERVICE_LABELS } from '../../src/ingest/system.js';
import { alertFixture } from './alert-fixtures.js';

/** Every label and annotation name a normalizer reads, so each one gets its turn as the attack. */
const READ_LABELS = [...SERVICE_LABELS, ...HOST_LABELS, 'alertname', 'severity', 'priority', 'origin'];
const READ_ANNOTATIONS = ['summary', 'description', 'message', 'runbook_url', 'runbook'];

const fill = (names: readonly string[], value: (name: string) => string) =>
  Object.fromEntries(names.map((name) => [name, value(name)]));

function firstAlertOnly(name: string): Record<string, unknown> & { alerts: Array<Record<string, unknown>> } {
  const group = alertFixture(name) as Record<string, unknown> & { alerts: Array<Record<string, unknown>> };
  const [first] = group.alerts;
  return { ...group, alerts: first ? [first] : [] };
}

function withEveryLabel(group: ReturnType<typeof firstAlertOnly>) {
  return {
    ...group,
    commonLabels: fill(READ_LABELS, (name) => `common-${name}`),
    commonAnnotations: fill(READ_ANNOTATIONS, (name) => `common ${name}`),
    alerts: group.alerts.map((alert) => ({
      ...alert,
      labels: fill(READ_LABELS, (name) => `${name}-1`),
      annotations: fill(READ_ANNOTATIONS, (name) => `the ${name}`),
    })),
  };
}

/**
 * Real payloads (test/fixtures/alerts) with every field the normalizers read present, so replacing
 * one string leaf at a time reaches every parser on the webhook path.
 */
export const ADVERSARIAL_BASES: ReadonlyArray<[AlertSource, string, unknown]> = [
  ['alertmanager', 'group', withEveryLabel(firstAlertOnly('alertmanager-firing-two-alerts-same-group.json'))],
  [
    'grafana',
    'unified',
    withEveryLabel(firstAlertOnly('grafana-unified-mixed-firing-and-resolved-3-alerts.json')),
  ],
  [
    'grafana',
    'legacy',
    {
      ruleId: 7,
      ruleName: 'High latency',
      ruleUrl: 'https://grafana.example.com/d/abc',
      imageUrl: 'https://grafana.example.com/render/abc.png',
      state: 'alerting',
      title: '[Alerting] High latency',
      message: 'p99 above 2 s',
      orgId: 1,
      tags: fill(READ_LABELS, (name) => `tag-${name}`),
    },
  ],
  [
    'datadog',
    'template',
    {
      ...(alertFixture('datadog-keep-template-log-alert-triggered.json') as Record<string, unknown>),
      alert_title: '[P1] [Triggered] Disk full',
      event_title: 'Disk full',
      transition: 'Triggered',
      priority: 'P1',
      alert_scope: 'service:api,host:db-1',
      text: 'text body',
      message: 'message body',
      event_msg: 'event message',
      link: 'https://app.datadoghq.com/monitors/1',
      aggreg_key: 'abc123',
      alert_id: '42',
    },
  ],
  ['pagerduty', 'incident', alertFixture('pagerduty-v3-incident-triggered.json')],
  [
    'generic',
    'batch',
    {
      alerts: [
        {
          system: 'api',
          issue: '5xx above 5%',
          severity: 'sev2',
          status: 'firing',
          fingerprint: 'generic-fp-1',
          labels: fill(READ_LABELS, (name) => `${name}-g`),
          annotations: fill(READ_ANNOTATIONS, (name) => `generic ${name}`),
          startsAt: '2026-03-01T11:59:00Z',
          endsAt: '2026-03-01T12:01:00Z',
          summary: 'errors on checkout',
          links: ['https://runbooks.example.com/api'],
        },
      ],
    },
  ],
];

export type LeafPath = Array<string | number>;

/** Paths of every string or number leaf (numbers stand for the ids and epochs senders also send as text). */
export function leafPaths(value: unknown, path: LeafPath = []): LeafPath[] {
  if (typeof value === 'string' || typeof value === 'number') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  }
  return [];
}

/** A deep copy of `value` with the leaf at `path` replaced. */
export function withLeaf(value: unknown, path: LeafPath, leaf: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? withLeaf(item, rest, leaf) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head]: withLeaf(record[head], rest, leaf) };
}

/**
 * Shapes that make backtracking regexes try every start position: long runs of whitespace or
 * digits before a mismatch, repeated delimiters, nested-looking brackets, `%%%` fences.
 */
export function adversarialStrings(length: number): Array<[name: string, text: string]> {
  const run = (unit: string, tail: string) =>
    unit.repeat(Math.ceil((length - tail.length) / unit.length)).slice(0, length - tail.length) + tail;
  return [
    ['spaces then x', run(' ', 'x')],
    ['mixed whitespace then x', run(' \t\n\u00a0\u2028', 'x')],
    ['digits then x', run('1', 'x')],
    ['hyphen-digit pairs then x', run('-1', 'x')],
    ['%%% fences and spaces', run('%%% ', 'x')],
    ['closed brackets then an open one', run('[a] ', '[')],
    ['nested open brackets', run('[', 'x')],
    ['delimiters , : / .', run(',:/.', 'x')],
    ['scheme-like prefix', run('a', '://x')],
    ['high surrogates', run('\ud83d', 'x')],
  ];
}
