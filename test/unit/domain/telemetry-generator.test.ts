import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../../src/domain/faults.js';
import { TelemetrySnapshot } from '../../../src/domain/telemetry.js';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { generateTelemetry } from '../../../src/sim/estate/telemetry-generator.js';
import { directDependents, SERVICE_NAMES } from '../../../src/sim/services.js';
import {
  estateWith,
  FAULT_CASES,
  NOW,
  SIGNATURE_SHOWN,
  showsSymptoms,
  snapshotOf,
} from './estate-fixtures.js';

describe('generateTelemetry: fault signatures', () => {
  it.each(FAULT_CASES)('$kind on $service shows its signature at the root', ({ kind, service }) => {
    for (const seed of [1, 2, 3]) {
      expect(SIGNATURE_SHOWN[kind](snapshotOf(estateWith(kind, service), seed), service)).toBe(true);
    }
  });

  it.each(FAULT_CASES)(
    '$kind on $service: dependents show symptoms, not the signature',
    ({ kind, service }) => {
      const snapshot = snapshotOf(estateWith(kind, service), 4);
      for (const dependent of directDependents(service)) {
        expect(showsSymptoms(snapshot, dependent), dependent).toBe(true);
        expect(SIGNATURE_SHOWN[kind](snapshot, dependent), dependent).toBe(false);
      }
    },
  );

  it('a healthy estate shows no signature and no symptom anywhere', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const snapshot = snapshotOf(initialEstate(), seed);
      for (const service of SERVICE_NAMES) {
        expect(showsSymptoms(snapshot, service), `${service} seed ${seed}`).toBe(false);
        for (const kind of FAULT_KINDS)
          expect(SIGNATURE_SHOWN[kind](snapshot, service), `${kind} ${service}`).toBe(false);
      }
    }
  });

  it('does not show a fault before its onset', () => {
    const injectedLater = estateWith('disk_full', 'storage', new Date(NOW.getTime() + 60 * 60_000));
    expect(SIGNATURE_SHOWN.disk_full(snapshotOf(injectedLater), 'storage')).toBe(false);
  });
});

describe('generateTelemetry: shape, determinism and noise', () => {
  it('produces a valid snapshot: every service, one point a minute', () => {
    const snapshot = generateTelemetry(estateWith('slow', 'database'), {
      seed: 7,
      now: NOW,
      windowMinutes: 20,
    });
    expect(TelemetrySnapshot.parse(snapshot)).toEqual(snapshot);
    expect(Object.keys(snapshot.services).sort()).toEqual([...SERVICE_NAMES].sort());
    expect(snapshot.generatedAt).toBe(NOW.toISOString());
    expect(snapshot.services.api?.metrics.latency_p99_ms).toHaveLength(20);
  });

  it('is deterministic: the same seed gives the same snapshot', () => {
    const state = estateWith('crash', 'api');
    expect(snapshotOf(state, 42)).toEqual(snapshotOf(state, 42));
  });

  it('noise differs by seed', () => {
    const state = estateWith('crash', 'api');
    const a = snapshotOf(state, 1).services.auth?.metrics.cpu_pct;
    const b = snapshotOf(state, 2).services.auth?.metrics.cpu_pct;
    expect(a).not.toEqual(b);
  });

  it('without noise every healthy series is flat and nothing unrelated is logged', () => {
    const snapshot = snapshotOf(initialEstate(), 3, false);
    for (const service of Object.values(snapshot.services)) {
      for (const series of Object.values(service.metrics)) expect(new Set(series).size).toBe(1);
      expect(service.logs.every((line) => line.level === 'info')).toBe(true);
      expect(service.events).toEqual([]);
    }
  });

  it('with noise adds unrelated warnings and a benign event', () => {
    const snapshot = snapshotOf(initialEstate(), 3);
    const all = Object.values(snapshot.services);
    expect(all.flatMap((service) => service.logs).filter((line) => line.level === 'warn')).toHaveLength(2);
    expect(all.flatMap((service) => service.events)).toHaveLength(1);
  });
});
