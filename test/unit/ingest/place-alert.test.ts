import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/ingest/alert.js';
import {
  type CorrelationCandidate,
  type KnownAlert,
  linkedIn,
  type Placement,
  placeAlert,
} from '../../../src/ingest/correlate.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');
const WINDOW = 5 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const linked = linkedIn({ checkout: ['payments'], payments: ['ledger-db'], search: ['ledger-db'] });

function alert(over: Partial<Alert> & { atMs?: number; endMs?: number } = {}): Alert {
  const { atMs = T0, endMs, ...rest } = over;
  return {
    source: 'alertmanager',
    fingerprint: 'fp-1',
    status: 'firing',
    system: 'payments',
    issue: 'HighErrorRate',
    severity: 'sev2',
    labels: {},
    annotations: {},
    startsAt: iso(atMs),
    endsAt: endMs === undefined ? null : iso(endMs),
    links: [],
    ...rest,
  };
}

const known = (eventAtMs: number, status: KnownAlert['status'] = 'firing'): KnownAlert => ({
  incidentId: 'INC-1',
  status,
  eventAtMs,
  count: 1,
});
const candidate = (incidentId: string, systems: string[], lastAlertAtMs = T0): CorrelationCandidate => ({
  incidentId,
  systems,
  lastAlertAtMs,
});

const linkedVia = (incidentId: string, system: string, partner: string): Placement => ({
  kind: 'correlate',
  incidentId,
  reason: `${system} and ${partner} are linked in the dependency graph`,
});

const CASES: ReadonlyArray<{
  name: string;
  alert: Alert;
  known?: KnownAlert;
  candidates?: CorrelationCandidate[];
  expected: Placement;
}> = [
  {
    name: 'a new firing series with no open incident opens one',
    alert: alert(),
    expected: { kind: 'open' },
  },
  {
    name: 'a redelivery of the same event is applied (same time is not older)',
    alert: alert(),
    known: known(T0),
    expected: { kind: 'redelivery', incidentId: 'INC-1', apply: true },
  },
  {
    name: 'an out-of-order older delivery is recognised but not applied',
    alert: alert({ atMs: T0 - 1000 }),
    known: known(T0),
    expected: { kind: 'redelivery', incidentId: 'INC-1', apply: false },
  },
  {
    name: 'a resolution is timed by its end, so it applies over the firing it ends',
    alert: alert({ status: 'resolved', atMs: T0 - 60_000, endMs: T0 + 1000 }),
    known: known(T0),
    expected: { kind: 'redelivery', incidentId: 'INC-1', apply: true },
  },
  {
    name: 'a stale firing redelivered after its resolution does not reopen the series',
    alert: alert({ atMs: T0 - 60_000 }),
    known: known(T0, 'resolved'),
    expected: { kind: 'redelivery', incidentId: 'INC-1', apply: false },
  },
  {
    name: 'a known series stays with its incident even when another incident matches better',
    alert: alert(),
    known: known(T0),
    candidates: [candidate('INC-2', ['payments'])],
    expected: { kind: 'redelivery', incidentId: 'INC-1', apply: true },
  },
  {
    name: 'a resolution of a series never seen firing changes nothing',
    alert: alert({ status: 'resolved', endMs: T0 }),
    candidates: [candidate('INC-2', ['payments'])],
    expected: { kind: 'ignore', reason: 'resolution of an alert never seen firing' },
  },
  {
    name: 'a new series on the same service within the window joins that incident',
    alert: alert({ fingerprint: 'fp-2', atMs: T0 + WINDOW }),
    candidates: [candidate('INC-2', ['payments'])],
    expected: { kind: 'correlate', incidentId: 'INC-2', reason: 'same service payments' },
  },
  {
    name: 'just outside the window it opens its own incident',
    alert: alert({ fingerprint: 'fp-2', atMs: T0 + WINDOW + 1 }),
    candidates: [candidate('INC-2', ['payments'])],
    expected: { kind: 'open' },
  },
  {
    name: 'the window looks both ways: a late-delivered older alert still joins',
    alert: alert({ fingerprint: 'fp-2', atMs: T0 - WINDOW }),
    candidates: [candidate('INC-2', ['payments'])],
    expected: { kind: 'correlate', incidentId: 'INC-2', reason: 'same service payments' },
  },
  {
    name: 'a directly linked service joins, naming the partner',
    alert: alert({ system: 'checkout' }),
    candidates: [candidate('INC-3', ['payments'])],
    expected: linkedVia('INC-3', 'checkout', 'payments'),
  },
  {
    name: 'a call chain links: checkout reaches ledger-db through payments, so it joins',
    alert: alert({ system: 'checkout' }),
    candidates: [candidate('INC-4', ['ledger-db'])],
    expected: linkedVia('INC-4', 'checkout', 'ledger-db'),
  },
  {
    name: 'sharing a dependency is no link: search does not join an incident on payments',
    alert: alert({ system: 'search' }),
    candidates: [candidate('INC-5', ['payments'])],
    expected: { kind: 'open' },
  },
  {
    name: 'the same service wins over an earlier linked candidate',
    alert: alert(),
    candidates: [candidate('INC-linked', ['checkout']), candidate('INC-same', ['payments'])],
    expected: { kind: 'correlate', incidentId: 'INC-same', reason: 'same service payments' },
  },
  {
    name: 'a same-service candidate outside the window loses to a linked one inside it',
    alert: alert(),
    candidates: [candidate('INC-old', ['payments'], T0 - WINDOW - 1), candidate('INC-linked', ['ledger-db'])],
    expected: linkedVia('INC-linked', 'payments', 'ledger-db'),
  },
];

describe('placeAlert', () => {
  it.each(CASES)('$name', ({ alert: incoming, known: seen, candidates = [], expected }) => {
    expect(placeAlert(incoming, seen, candidates, WINDOW, linked)).toEqual(expected);
  });
});
