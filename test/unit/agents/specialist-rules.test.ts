import { describe, expect, it } from 'vitest';
import {
  computeSpecialist,
  networkSpecialist,
  SPECIALIST_RULES,
  storageSpecialist,
  webSpecialist,
} from '../../../src/agents/rules/specialist-rules.js';
import type { SpecialistInput } from '../../../src/agents/schemas.js';
import { FAULT_CATALOG, SPECIALISTS } from '../../../src/domain/faults.js';
import type { TelemetrySnapshot } from '../../../src/domain/telemetry.js';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { serviceContext } from '../../../src/sim/service-context.js';
import { estateWith, FAULT_CASES, snapshotOf } from '../domain/estate-fixtures.js';

function input(
  kind: SpecialistInput['kind'],
  telemetry: TelemetrySnapshot,
  issue = 'something is wrong',
): SpecialistInput {
  return { incidentId: 'INC-0001', kind, system: 'api', issue, service: serviceContext('api'), telemetry };
}

describe('specialist rules', () => {
  it.each(FAULT_CASES)(
    "the fault's specialist names $kind on $service, quoting numbers",
    ({ kind, service }) => {
      const specialist = FAULT_CATALOG[kind].specialist;
      const report = SPECIALIST_RULES[specialist](
        input(specialist, snapshotOf(estateWith(kind, service), 2)),
      );
      const top = report.findings[0];
      expect(report.kind).toBe(specialist);
      expect(top).toMatchObject({ service, fault: kind });
      expect(top?.confidence).toBeGreaterThanOrEqual(85);
      expect(top?.evidence).toContainEqual(expect.stringMatching(/^[a-z0-9_]+ [\d.]+ \(baseline [\d.]+\)/));
    },
  );

  it('compute quotes memory against its baseline for a leak', () => {
    const report = computeSpecialist(
      input('compute', snapshotOf(estateWith('memory_leak', 'worker'), 1, false)),
    );
    expect(report.findings[0]?.evidence[0]).toMatch(/^memory_pct 92 \(baseline 48\) [▁▂▃▄▅▆▇█]+$/);
    expect(report.findings[0]?.evidence).toContainEqual(expect.stringMatching(/GC overhead/));
  });

  it('web reports a 5xx spike after a release, and dependents as symptoms without a fault', () => {
    const report = webSpecialist(input('web', snapshotOf(estateWith('web_5xx', 'api'), 3)));
    expect(report.findings[0]).toMatchObject({ service: 'api', fault: 'web_5xx' });
    expect(report.findings[0]?.evidence).toContainEqual(expect.stringMatching(/^event deploy/));
    expect(report.findings.find((f) => f.service === 'web-edge')).toMatchObject({ fault: null });
  });

  it('network tells an external outage from internal upstream errors', () => {
    const report = networkSpecialist(input('network', snapshotOf(estateWith('dependency_down', 'auth'), 1)));
    expect(report.findings[0]).toMatchObject({ service: 'auth', fault: 'dependency_down' });
    expect(report.findings[0]?.summary).toMatch(/idp\.partner\.example/);
    expect(report.findings.find((f) => f.service === 'api')).toMatchObject({
      fault: null,
      signal: 'upstream_5xx_pct',
    });
  });

  it('storage sees no pool problem on the callers of a slow database', () => {
    const report = storageSpecialist(input('storage', snapshotOf(estateWith('slow', 'database'), 5)));
    expect(report.findings.map((f) => f.service)).toEqual(['database']);
  });

  it('reads telemetry only: the issue text changes nothing', () => {
    const telemetry = snapshotOf(estateWith('disk_full', 'storage'), 1);
    for (const kind of SPECIALISTS) {
      const vague = SPECIALIST_RULES[kind](input(kind, telemetry));
      const leading = SPECIALIST_RULES[kind](
        input(kind, telemetry, 'pods OOMKilled (exit 137), crash looping'),
      );
      expect(leading).toEqual(vague);
    }
  });

  it('finds nothing in a healthy, noisy estate', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const kind of SPECIALISTS) {
        const report = SPECIALIST_RULES[kind](input(kind, snapshotOf(initialEstate(), seed)));
        expect(report.findings, `${kind} seed ${seed}`).toEqual([]);
        expect(report.summary).toMatch(/nothing abnormal/);
      }
    }
  });
});
