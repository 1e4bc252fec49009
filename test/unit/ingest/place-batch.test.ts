import { describe, expect, it } from 'vitest';
import { silenceVerdict } from '../../../src/domain/silence.js';
import type { Alert } from '../../../src/ingest/alert.js';
import { type KnownAlert, linkedIn } from '../../../src/ingest/correlate.js';
import { FLOOD_SYSTEM, floodWindowOf } from '../../../src/ingest/flood.js';
import { normalizeGeneric } from '../../../src/ingest/normalizers/generic.js';
import { EARLY_RESOLUTION, placeBatch } from '../../../src/ingest/place-batch.js';
import type { PlacementRules, PlacementState } from '../../../src/ingest/placement-types.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A real generic alert (the normalizer's own), with its series and times set. */
function alert(fingerprint: string, system: string, over: Partial<Alert> & { atMs?: number } = {}): Alert {
  const { atMs = T0, ...rest } = over;
  const [normalized] = normalizeGeneric({ system, issue: `${system} errors` }, { receivedAt: iso(atMs) });
  if (!normalized) throw new Error('the generic normalizer took no alert');
  return { ...normalized, fingerprint, startsAt: iso(atMs), ...rest };
}

const EMPTY: PlacementState = {
  known: new Map(),
  openIds: [],
  heads: new Map(),
  lastSeen: new Map(),
  floods: new Map(),
  openedThisWindow: 0,
};

const RULES: PlacementRules = {
  source: 'generic',
  window: floodWindowOf(T0),
  windowMs: 5 * 60_000,
  limitPerMinute: 2,
  linked: linkedIn({ checkout: ['payments'] }),
  nowMs: T0,
  newId: (index) => `<new:${index}>`,
  silence: () => ({ kind: 'open' }),
};

/** One open incident on payments, holding series fp-1. */
const PAYMENTS_OPEN: PlacementState = {
  ...EMPTY,
  known: new Map<string, KnownAlert>([
    ['fp-1', { incidentId: 'INC-0001', status: 'firing', eventAtMs: T0, count: 1 }],
  ]),
  openIds: ['INC-0001'],
  heads: new Map([['INC-0001', { system: 'payments', createdAtMs: T0, systems: [] }]]),
  lastSeen: new Map([['INC-0001', T0]]),
};

describe('placeBatch', () => {
  it('opens one incident for a new group under a stand-in id, and correlates the rest of the delivery with it', () => {
    const plan = placeBatch([alert('fp-1', 'payments'), alert('fp-2', 'payments')], EMPTY, RULES);
    expect(plan.placed.opens).toEqual([
      {
        id: '<new:0>',
        system: 'payments',
        issue: 'payments errors',
        sev: 'sev2',
        source: 'alert',
        alerts: ['fp-1'],
      },
    ]);
    expect(plan.placed.touched).toEqual([
      expect.objectContaining({ incidentId: '<new:0>', added: ['fp-2'], reasons: ['same service payments'] }),
    ]);
    expect([...plan.heads]).toEqual([['<new:0>', { system: 'payments', createdAtMs: T0, systems: [] }]]);
    expect(plan.openedCount).toBe(1);
    // No incident of its group was open: only new heads (the structure) could change that.
    expect(plan.reliesOnReach).toBe(false);
  });

  it('relies on reach when the open incident of the group was out of the window', () => {
    const later = T0 + 10 * 60_000;
    const plan = placeBatch([alert('fp-7', 'checkout', { atMs: later })], PAYMENTS_OPEN, RULES);
    expect(plan.placed.opens.map((open) => open.system)).toEqual(['checkout']);
    expect(plan.reliesOnReach).toBe(true);
  });

  it('counts a redelivery and applies it only when newer; it changes no head and relies on no reach', () => {
    const older = alert('fp-1', 'payments', {
      status: 'resolved',
      atMs: T0 - 60_000,
      endsAt: iso(T0 - 30_000),
    });
    const plan = placeBatch([older], PAYMENTS_OPEN, RULES);
    expect(plan.placed.updates).toEqual([
      ['fp-1', { incidentId: 'INC-0001', status: 'firing', eventAtMs: T0, count: 2 }],
    ]);
    expect(plan.heads.size).toBe(0);
    expect(plan.reliesOnReach).toBe(false);
    expect(plan.placed.opens).toEqual([]);
  });

  it('grows the head of an incident a linked service joins (other placements must see it)', () => {
    const plan = placeBatch([alert('fp-9', 'checkout', { atMs: T0 + 60_000 })], PAYMENTS_OPEN, RULES);
    expect(plan.placed.touched[0]).toMatchObject({
      incidentId: 'INC-0001',
      systems: ['checkout'],
      reasons: ['checkout and payments are linked in the dependency graph'],
      lastAtMs: T0 + 60_000,
    });
    expect(plan.heads.get('INC-0001')?.systems).toEqual(['checkout']);
    expect(plan.reliesOnReach).toBe(false);
  });

  it('past the limit folds new groups into one flood incident carrying its mark; a sev1 still opens its own', () => {
    const alerts = ['a', 'b', 'c', 'd'].map((name) => alert(`fp-${name}`, `svc-${name}`));
    const sev1 = alert('fp-e', 'svc-e', { severity: 'sev1' });
    const plan = placeBatch([...alerts, sev1], EMPTY, RULES);
    expect(plan.placed.opens.map((open) => [open.id, open.system, open.flood])).toEqual([
      ['<new:0>', 'svc-a', undefined],
      ['<new:1>', 'svc-b', undefined],
      ['<new:2>', FLOOD_SYSTEM, { source: 'generic', window: RULES.window }],
      ['<new:3>', 'svc-e', undefined],
    ]);
    expect(plan.openedCount).toBe(3);
    expect(plan.placed.touched.find((touched) => touched.incidentId === '<new:2>')?.folded).toEqual([
      'svc-c',
      'svc-d',
    ]);
    expect(plan.heads.get('<new:2>')?.systems).toEqual(['svc-c', 'svc-d']);
  });

  it('opens anew for a series that fires again after its incident closed', () => {
    const closed = { ...PAYMENTS_OPEN, openIds: [], heads: new Map(), lastSeen: new Map() };
    const plan = placeBatch([alert('fp-1', 'payments', { atMs: T0 + 3_600_000 })], closed, RULES);
    expect(plan.placed.opens.map((open) => open.id)).toEqual(['<new:0>']);
    expect(plan.placed.updates[0]?.[1]).toMatchObject({ incidentId: '<new:0>', count: 1 });
  });

  it('remembers a resolution placed before its firing, which then opens resolved (as in order)', () => {
    const resolved = alert('fp-9', 'search', {
      status: 'resolved',
      atMs: T0,
      endsAt: iso(T0 + 120_000),
    });
    const first = placeBatch([resolved], EMPTY, RULES);
    expect(first.placed).toMatchObject({ opens: [], touched: [], ignored: 1 });
    const early = { incidentId: EARLY_RESOLUTION, status: 'resolved', eventAtMs: T0 + 120_000, count: 1 };
    expect(first.placed.updates).toEqual([['fp-9', early]]);
    const remembered: PlacementState = { ...EMPTY, known: new Map([['fp-9', early as KnownAlert]]) };

    // Its firing (started before the resolution) opens the incident, already resolved.
    const firing = placeBatch([alert('fp-9', 'search', { atMs: T0 })], remembered, RULES);
    expect(firing.placed.opens.map((open) => open.system)).toEqual(['search']);
    expect(firing.placed.updates).toEqual([
      ['fp-9', { incidentId: '<new:0>', status: 'resolved', eventAtMs: T0 + 120_000, count: 2 }],
    ]);
    expect(firing.placed.touched).toEqual([
      expect.objectContaining({ incidentId: '<new:0>', resolved: true }),
    ]);
    // A redelivered resolution only counts; a firing after the resolution is a new occurrence.
    expect(placeBatch([resolved], remembered, RULES).placed).toMatchObject({
      opens: [],
      updates: [['fp-9', { ...early, count: 2 }]],
    });
    const again = placeBatch([alert('fp-9', 'search', { atMs: T0 + 600_000 })], remembered, RULES);
    expect(again.placed.updates).toEqual([
      ['fp-9', { incidentId: '<new:0>', status: 'firing', eventAtMs: T0 + 600_000, count: 1 }],
    ]);
  });

  it('holds a silenced new group without opening it, and opens a silenced sev1 with its note', () => {
    const silence = {
      id: 'SIL-0001',
      target: 'payments',
      by: 'U0ONCALL',
      createdAt: iso(T0 - 60_000),
      until: iso(T0 + 3_600_000),
    };
    const rules = { ...RULES, silence: (a: Alert) => silenceVerdict(a, [silence], new Date(T0)) };
    const plan = placeBatch(
      [alert('fp-1', 'payments'), alert('fp-2', 'payments', { severity: 'sev1' })],
      EMPTY,
      rules,
    );
    expect(plan.placed.held).toEqual([
      {
        silenceId: 'SIL-0001',
        fingerprint: 'fp-1',
        system: 'payments',
        issue: 'payments errors',
        at: iso(T0),
      },
    ]);
    expect(plan.placed.updates.map(([fingerprint]) => fingerprint)).toEqual(['fp-2']);
    expect(plan.placed.opens).toEqual([
      expect.objectContaining({
        sev: 'sev1',
        silenced: { id: 'SIL-0001', target: 'payments', until: iso(T0 + 3_600_000) },
      }),
    ]);
    expect(plan.newGroups).toBe(2);
  });
});
