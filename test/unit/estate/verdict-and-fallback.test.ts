import { describe, expect, it } from 'vitest';
import { withManualFallback } from '../../../src/agents/manual-fallback.js';
import { withQueryEvidence } from '../../../src/agents/query-evidence.js';
import { type HealthSample, verdictFromHealth } from '../../../src/agents/verify.js';
import type { ServiceHealthReport, StepReport } from '../../../src/domain/ports.js';
import type { PlannedAction } from '../../../src/domain/ticket.js';
import { catalogDirectory } from '../../../src/estate/catalog-directory.js';
import { namesOf, systemFromLabels } from '../../../src/ingest/system.js';
import { monitorAlerts } from '../../../src/pipeline/watch/monitor-alerts.js';
import { simulatedDirectory } from '../../../src/sim/sim-directory.js';
import { catalogOf, MINIMAL_CATALOG } from '../domain/catalog/catalog-fixtures.js';

function report(
  service: string,
  state: ServiceHealthReport['state'],
  why: string[] = [],
): ServiceHealthReport {
  return {
    service,
    state,
    reasons: state === 'unknown' ? [] : why,
    unmeasured: state === 'unknown' ? why : [],
    readings: {},
  };
}

describe('verification over health samples', () => {
  it('resolves only when the root and its callers are healthy in every sample', () => {
    const healthy = [report('payments', 'healthy'), report('checkout', 'healthy')];
    expect(verdictFromHealth('payments', [healthy, healthy, healthy], [])).toMatchObject({
      status: 'Resolved',
      summary: 'payments and its callers are healthy again; 3 health samples',
    });
  });

  it('one lucky sample resolves nothing', () => {
    const down = [report('payments', 'down', ['up 0 ≤ 0: down']), report('checkout', 'healthy')];
    const lucky = [report('payments', 'healthy'), report('checkout', 'healthy')];
    expect(verdictFromHealth('payments', [down, lucky], [])).toEqual({
      status: 'Needs_Followup',
      summary: 'payments is still healthy (healthy now, not in every sample); 2 health samples',
      checks: ['payments: healthy', 'checkout: healthy'],
    });
  });

  it('an unknown root is never Resolved: it says what could not be measured', () => {
    const unknown = [report('ghost', 'unknown', ['no data for up on ghost: query max(up) returned nothing'])];
    expect(verdictFromHealth('ghost', [unknown], [])).toEqual({
      status: 'Needs_Followup',
      summary:
        'ghost could not be verified (no data for up on ghost: query max(up) returned nothing): check it by hand.',
      checks: ['ghost: unknown, no data for up on ghost: query max(up) returned nothing'],
    });
  });

  it('an unknown caller keeps a healthy root at Partially_Resolved', () => {
    const sample = [report('ledger-db', 'healthy'), report('payments', 'unknown', ['no data'])];
    expect(verdictFromHealth('ledger-db', [sample], [])).toMatchObject({
      status: 'Partially_Resolved',
      summary: 'ledger-db is healthy; still not healthy: payments unknown',
    });
  });

  const step = (outcome: StepReport['outcome']): StepReport => ({
    actionId: `a-${outcome}`,
    outcome,
    log: [],
    healthBefore: 0,
    healthAfter: 0,
  });
  const healthy = [report('payments', 'healthy'), report('checkout', 'healthy')];
  const callerDown = [report('payments', 'healthy'), report('checkout', 'down', ['5xx 40 %'])];
  const rootDegraded: ServiceHealthReport = { ...report('payments', 'degraded', ['p99 2 s']), score: 60 };

  it.each<{ name: string; samples: HealthSample[]; steps: StepReport[]; status: string; summary: string }>([
    {
      name: 'no sample at all is never Resolved',
      samples: [],
      steps: [],
      status: 'Needs_Followup',
      summary: 'payments could not be verified (nothing measures it): check it by hand.',
    },
    {
      name: 'a rolled-back step keeps an all-healthy estate at Partially_Resolved',
      samples: [healthy],
      steps: [step('applied'), step('rolled_back')],
      status: 'Partially_Resolved',
      summary: 'payments is healthy; 1 step(s) rolled back because health got worse',
    },
    {
      name: 'manual steps left to people are counted, and do not stop Resolved',
      samples: [healthy, healthy],
      steps: [step('manual'), step('manual')],
      status: 'Resolved',
      summary:
        'payments and its callers are healthy again; 2 health samples; 2 manual step(s) left to people',
    },
    {
      name: 'a caller that was sick in an earlier sample, healthy now, still keeps it Partially_Resolved',
      samples: [callerDown, healthy],
      steps: [],
      status: 'Partially_Resolved',
      summary: 'payments is healthy; 2 health samples',
    },
    {
      name: 'a root still degraded says how degraded, with its score',
      samples: [[rootDegraded]],
      steps: [step('rolled_back')],
      status: 'Needs_Followup',
      summary: 'payments is still degraded (60); 1 step(s) rolled back because health got worse',
    },
  ])('$name', ({ samples, steps, status, summary }) => {
    expect(verdictFromHealth('payments', samples, steps)).toMatchObject({ status, summary });
  });

  it('checks describe the last sample, with scores and the first reason', () => {
    expect(
      verdictFromHealth('payments', [healthy, [rootDegraded, report('checkout', 'healthy')]], []).checks,
    ).toEqual(['payments: degraded (60), p99 2 s', 'checkout: healthy']);
  });
});

describe('steps nothing may apply by themselves', () => {
  const directory = catalogDirectory(catalogOf({ name: 'catalog.yaml', text: MINIMAL_CATALOG }));
  const restart: PlannedAction = {
    id: 'a1',
    kind: 'restart',
    target: 'payments',
    description: 'Restart on payments',
    risk: 'medium',
    blastRadius: 'payments',
    rollback: 'none',
  };

  it('become manual steps for the owner, mentioned', () => {
    const [step] = withManualFallback([restart], {
      manualBecause: (target) => `no executor for ${target}`,
      context: (target) => directory.context(target),
    });
    expect(step).toMatchObject({
      id: 'a1',
      kind: 'manual',
      description:
        'By hand: rolling restart on payments (no executor for payments); for <@U0PAYOWNER> (team-payments)',
    });
  });

  it('stay as they are where an executor may act', () => {
    const steps = withManualFallback([restart], {
      manualBecause: () => undefined,
      context: (target) => directory.context(target),
    });
    expect(steps).toEqual([restart]);
  });
});

describe('the monitor and unknown health', () => {
  const now = new Date('2026-03-14T12:00:00Z');

  it('an unknown service neither fires nor resolves', () => {
    const unknown = { service: 'ghost', status: 'unknown' as const, reasons: [] };
    expect(monitorAlerts([unknown], new Set(), now)).toEqual([]);
    expect(monitorAlerts([unknown], new Set(['ghost']), now)).toEqual([]);
  });

  it('a down service from a real probe fires with its reason as the issue', () => {
    const down = { service: 'payments', status: 'down' as const, reasons: ['up 0 ≤ 0: down'] };
    expect(monitorAlerts([down], new Set(), now)[0]).toMatchObject({
      status: 'firing',
      system: 'payments',
      issue: 'payments down: up 0 ≤ 0: down',
      severity: 'sev1',
    });
  });
});

describe('the catalog as the crew directory', () => {
  const directory = catalogDirectory(catalogOf({ name: 'catalog.yaml', text: MINIMAL_CATALOG }));

  it('resolves names in any case, and gives owner, tier and callers', () => {
    expect(directory.resolve('PAYMENTS')).toBe('payments');
    expect(directory.resolve('api')).toBeUndefined();
    expect(directory.context('ledger-db')).toMatchObject({ known: true, tier: 1, dependents: ['payments'] });
    expect(directory.context('payments')).toMatchObject({ owner: 'team-payments', ownerSlack: 'U0PAYOWNER' });
    expect(directory.context('constructor')).toMatchObject({ known: false });
  });
});

describe('the PromQL behind the evidence', () => {
  it('is added for each quoted signal of the root service, while there is room', () => {
    const queries = { error_rate_pct: 'sum(errors)', latency_p99_ms: 'p99' };
    expect(withQueryEvidence(['error_rate_pct 60 (baseline 1)'], 'checkout', queries)).toEqual([
      'error_rate_pct 60 (baseline 1)',
      'PromQL for error_rate_pct on checkout: sum(errors)',
    ]);
    const full = Array.from({ length: 10 }, (_, index) => `error_rate_pct ${index}`);
    expect(withQueryEvidence(full, 'checkout', queries)).toEqual(full);
  });
});

describe('reading the service off alert labels with a catalog', () => {
  const directory = catalogDirectory(catalogOf({ name: 'catalog.yaml', text: MINIMAL_CATALOG }));
  const names = namesOf((name) => directory.resolve(name));

  it("prefers a label naming a catalog service, and never applies the simulation's names or aliases", () => {
    const labels = { service: 'checkout-web', job: 'payments', instance: 'api-2.prod:9100' };
    expect(systemFromLabels(labels, names)).toBe('payments');
    // Without a catalog the simulated estate's names would map it to its api; normalizers know neither.
    const simulated = simulatedDirectory();
    expect(
      systemFromLabels(
        labels,
        namesOf((name) => simulated.resolve(name)),
      ),
    ).toBe('api');
    expect(systemFromLabels(labels)).toBe('checkout-web');
    expect(systemFromLabels({ job: 'db-1' }, names)).toBe('db-1');
    expect(
      systemFromLabels(
        { job: 'db-1' },
        namesOf((name) => simulated.resolve(name)),
      ),
    ).toBe('database');
    expect(systemFromLabels({ app: 'Ledger_DB-2' }, names)).toBe('ledger-db');
  });
});
