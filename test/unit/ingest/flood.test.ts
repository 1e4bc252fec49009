import { describe, expect, it } from 'vitest';
import { ISSUE_MAX_CHARS } from '../../../src/ingest/alert.js';
import {
  type FloodIncident,
  floodIssue,
  floodWindowOf,
  type NewGroup,
  placeNewGroup,
} from '../../../src/ingest/flood.js';

const T0 = Date.parse('2026-12-06T01:00:00Z');
const WINDOW = floodWindowOf(T0);
const group = (overrides: Partial<NewGroup> = {}): NewGroup => ({
  source: 'generic',
  system: 'svc-1',
  severity: 'sev2',
  atMs: T0,
  ...overrides,
});
const flood = (overrides: Partial<FloodIncident> = {}): FloodIncident => ({
  incidentId: 'INC-0061',
  source: 'generic',
  window: WINDOW,
  systems: new Set(['svc-9']),
  lastAlertAtMs: T0,
  ...overrides,
});
const context = (overrides: Partial<Parameters<typeof placeNewGroup>[1]> = {}) => ({
  openedThisWindow: 0,
  limitPerMinute: 3,
  window: WINDOW,
  floods: [] as FloodIncident[],
  correlationWindowMs: 300_000,
  ...overrides,
});

describe('placeNewGroup', () => {
  it('opens while the source is under its limit for the minute', () => {
    expect(placeNewGroup(group(), context({ openedThisWindow: 2 }))).toEqual({ kind: 'open' });
  });

  it('opens a flood incident at the limit, then folds into it', () => {
    expect(placeNewGroup(group(), context({ openedThisWindow: 3 }))).toEqual({ kind: 'open-flood' });
    expect(placeNewGroup(group(), context({ openedThisWindow: 3, floods: [flood()] }))).toEqual({
      kind: 'join-flood',
      incidentId: 'INC-0061',
    });
  });

  it('never folds a sev1, however far past the limit', () => {
    expect(
      placeNewGroup(
        group({ severity: 'sev1', system: 'svc-9' }),
        context({ openedThisWindow: 1000, floods: [flood()] }),
      ),
    ).toEqual({ kind: 'open' });
  });

  it("keeps a folded service in its flood within the correlation window, even in the next minute's budget", () => {
    const next = group({ system: 'svc-9', atMs: T0 + 90_000 });
    const later = context({ window: WINDOW + 1, floods: [flood()] });
    expect(placeNewGroup(next, later)).toEqual({ kind: 'join-flood', incidentId: 'INC-0061' });
    expect(placeNewGroup({ ...next, atMs: T0 + 400_000 }, later)).toEqual({ kind: 'open' });
  });

  it("counts floods per source and per minute: another source's or an older minute's flood is not this one", () => {
    const floods = [flood({ source: 'alertmanager' }), flood({ incidentId: 'INC-0002', window: WINDOW - 1 })];
    expect(placeNewGroup(group(), context({ openedThisWindow: 3, floods }))).toEqual({ kind: 'open-flood' });
  });
});

describe('floodIssue', () => {
  it('says how many groups folded and names the first services, sorted', () => {
    const services = Array.from(
      { length: 12 },
      (_, index) => `svc-${String(index).padStart(2, '0')}`,
    ).reverse();
    expect(floodIssue('generic', 9940, services)).toBe(
      'Alert flood from generic: 9,940 correlation groups folded here (svc-00, svc-01, svc-02, svc-03, svc-04, svc-05, svc-06, svc-07 and 9,932 more)',
    );
    expect(floodIssue('alertmanager', 1, ['api'])).toBe(
      'Alert flood from alertmanager: 1 correlation group folded here (api)',
    );
  });

  it('fits a ticket however long the service names', () => {
    const services = Array.from({ length: 8 }, (_, index) => `${index}${'x'.repeat(99)}`);
    expect(floodIssue('grafana', 8, services).length).toBeLessThanOrEqual(ISSUE_MAX_CHARS);
  });
});
