import { describe, expect, it } from 'vitest';
import { triageByRules } from '../../../src/agents/rules/triage-rules.js';
import type { TriageInput } from '../../../src/agents/schemas.js';
import { SPECIALISTS } from '../../../src/domain/faults.js';
import type { TelemetrySnapshot } from '../../../src/domain/telemetry.js';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { serviceContext } from '../../../src/sim/service-context.js';
import { estateWith, snapshotOf } from '../domain/estate-fixtures.js';

function input(telemetry: TelemetrySnapshot, overrides: Partial<TriageInput> = {}): TriageInput {
  return {
    incidentId: 'INC-0001',
    system: 'api',
    issue: 'something is wrong',
    sev: 'sev2',
    service: serviceContext('api'),
    telemetry,
    thresholds: {},
    ...overrides,
  };
}

describe('triage rules', () => {
  it('scores every specialist and selects from telemetry', () => {
    const out = triageByRules(input(snapshotOf(estateWith('crash', 'cache'), 1)));
    expect(out.scores.map((s) => s.kind).sort()).toEqual([...SPECIALISTS].sort());
    expect(out.category).toBe('compute');
    expect(out.selected[0]).toBe('compute');
    expect(out.scores[0]?.reason).toMatch(/telemetry 92: cache is crash looping/);
    expect(out.falsePositive.likely).toBe(false);
    expect(out.severity).toBe('sev2');
  });

  it('selects everything at or above the threshold, per specialist', () => {
    const telemetry = snapshotOf(estateWith('crash', 'api'), 1);
    const loose = triageByRules(input(telemetry, { thresholds: { web: 50, network: 50 } }));
    expect(loose.selected).toEqual(expect.arrayContaining(['compute', 'web', 'network']));
    const strict = triageByRules(
      input(telemetry, { thresholds: { compute: 99, web: 99, network: 99, storage: 99 } }),
    );
    expect(strict.selected).toEqual(['compute']);
  });

  it('runs the leading specialist even when a learned threshold sits above its score, beside the others over theirs', () => {
    const telemetry = snapshotOf(estateWith('crash', 'api'), 1);
    const out = triageByRules(input(telemetry, { thresholds: { compute: 99, web: 50, network: 50 } }));
    expect(out.category).toBe('compute');
    expect(out.selected[0]).toBe('compute');
    expect(out.selected).toEqual(expect.arrayContaining(['web', 'network']));
  });

  it('lets the issue text raise a specialist the telemetry is silent about', () => {
    const out = triageByRules(
      input(snapshotOf(estateWith('crash', 'api'), 1), { issue: 'disk volume full, database slow' }),
    );
    expect(out.scores.find((s) => s.kind === 'storage')?.relevance).toBe(62);
    expect(out.selected).toContain('storage');
  });

  it('flags a likely false positive when nothing is abnormal anywhere', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const out = triageByRules(input(snapshotOf(initialEstate(), seed)));
      expect(out.falsePositive.likely).toBe(true);
      expect(out.falsePositive.confidence).toBeGreaterThanOrEqual(85);
      expect(out.falsePositive.evidence[0]).toBe('no abnormal signal on 8 services');
      expect(out.selected).toHaveLength(1);
    }
  });

  it('is more sure of a false positive the flatter the telemetry', () => {
    const flat = triageByRules(input(snapshotOf(initialEstate(), 1, false)));
    const noisy = triageByRules(input(snapshotOf(initialEstate(), 1)));
    expect(flat.falsePositive.confidence).toBe(95);
    expect(noisy.falsePositive.confidence).toBeLessThanOrEqual(flat.falsePositive.confidence);
  });

  it('never calls flat telemetry a false positive while Kubernetes could not be read', () => {
    const telemetry = {
      ...snapshotOf(initialEstate(), 1, false),
      kubernetes: {
        service: 'api',
        source: 'Kubernetes API via executor prod-k8s',
        namespace: 'shop',
        deployment: 'api',
        available: false as const,
        reason: 'the Kubernetes API answered 403: pods is forbidden',
      },
    };
    const out = triageByRules(input(telemetry));
    expect(out.falsePositive).toEqual({
      likely: false,
      confidence: 0,
      evidence: [
        'kubernetes shop/api (Kubernetes API via executor prod-k8s): unavailable: the Kubernetes API answered 403: pods is forbidden',
        "the workload's state is unknown, which is no sign of a false positive",
      ],
    });
  });
});
