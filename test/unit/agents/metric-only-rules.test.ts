import { describe, expect, it } from 'vitest';
import { rcaByRules } from '../../../src/agents/rules/rca-rules.js';
import { SPECIALIST_RULES } from '../../../src/agents/rules/specialist-rules.js';
import type { RcaInput } from '../../../src/agents/schemas.js';
import { SPECIALISTS } from '../../../src/domain/faults.js';
import {
  type MetricName,
  SCRAPE_DOWN_EVENT,
  type ServiceTelemetry,
  type TelemetrySnapshot,
} from '../../../src/domain/telemetry.js';

/**
 * A real estate as Prometheus shows it: metrics only (no logs, no deploy events), one point a
 * second, the lab's chain storefront → checkout → payments → ledger-db.
 */
const GRAPH: Record<string, string[]> = {
  storefront: ['cache', 'checkout'],
  cache: [],
  checkout: ['payments'],
  payments: ['ledger-db'],
  'ledger-db': [],
};

/** 45 points at `before`, then 15 at `after`: a change the last quarter of the window shows. */
function step(before: number, after: number): number[] {
  return [...Array(45).fill(before), ...Array(15).fill(after)];
}

const flat = (value: number) => step(value, value);

type Metrics = Partial<Record<MetricName, number[]>>;

function quiet(service: string): Metrics {
  return {
    error_rate_pct: flat(0),
    latency_p99_ms: flat(40),
    memory_pct: flat(40),
    ...(GRAPH[service]?.length ? { upstream_5xx_pct: flat(0) } : {}),
    ...(service === 'cache' ? { cache_hit_pct: flat(34) } : {}),
  };
}

function snapshot(changes: Record<string, Metrics>, down: readonly string[] = []): TelemetrySnapshot {
  const services: Record<string, ServiceTelemetry> = {};
  for (const service of Object.keys(GRAPH)) {
    services[service] = {
      service,
      metrics: { ...quiet(service), ...changes[service] },
      logs: [],
      events: down.includes(service)
        ? [{ at: '2026-12-06T04:00:00.000Z', type: SCRAPE_DOWN_EVENT, message: `cannot scrape ${service}` }]
        : [],
    };
  }
  return { generatedAt: '2026-12-06T04:00:00.000Z', windowMinutes: 1, source: 'prometheus', services };
}

/** Every specialist over the snapshot, then the RCA from `system`'s incident. */
function diagnose(telemetry: TelemetrySnapshot, system: string) {
  const context = {
    name: system,
    known: true,
    owner: 'team',
    tier: 1,
    dependsOn: GRAPH[system] ?? [],
    dependents: Object.keys(GRAPH).filter((service) => GRAPH[service]?.includes(system)),
    instances: 1,
  };
  const base = { incidentId: 'INC-0001', system, issue: 'alert', service: context, telemetry };
  const findings = SPECIALISTS.map((kind) => SPECIALIST_RULES[kind]({ ...base, kind }));
  const input: RcaInput = { ...base, findings, graph: GRAPH };
  return { findings: findings.flatMap((report) => report.findings), rca: rcaByRules(input) };
}

describe('rules on metrics alone (a real estate: no logs, no events)', () => {
  it('a service Prometheus cannot scrape crashed, and its callers failing calls to it are its symptoms', () => {
    const { findings, rca } = diagnose(
      snapshot(
        {
          checkout: { upstream_5xx_pct: step(0, 60), error_rate_pct: step(0, 60) },
          storefront: { upstream_5xx_pct: step(0, 30), error_rate_pct: step(0, 30) },
        },
        ['payments'],
      ),
      'checkout',
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ service: 'payments', fault: 'crash', signal: 'up' }),
    );
    expect(rca).toMatchObject({
      rootService: 'payments',
      fault: 'crash',
      explains: ['checkout', 'storefront'],
    });
  });

  it('a slow dependency is named, not its slower callers, though the alert came from a caller', () => {
    const { rca } = diagnose(
      snapshot({
        payments: { latency_p99_ms: step(40, 990) },
        checkout: { latency_p99_ms: step(50, 995) },
        storefront: { latency_p99_ms: step(60, 1000) },
      }),
      'storefront',
    );
    expect(rca).toMatchObject({
      rootService: 'payments',
      fault: 'slow',
      explains: ['checkout', 'storefront'],
    });
  });

  it('a p99 only a few times its baseline is a symptom, not the slow fault', () => {
    const { findings } = diagnose(snapshot({ payments: { latency_p99_ms: step(40, 200) } }), 'payments');
    expect(findings.find((finding) => finding.service === 'payments')).toMatchObject({ fault: null });
  });

  it('5xx a service serves while its own upstream calls succeed are its own; 5xx passed on from upstream are not', () => {
    const own = diagnose(
      snapshot({
        checkout: { error_rate_pct: step(0, 40) },
        storefront: { error_rate_pct: step(0, 20), upstream_5xx_pct: step(0, 20) },
      }),
      'storefront',
    );
    expect(own.rca).toMatchObject({ rootService: 'checkout', fault: 'web_5xx' });
    expect(
      own.findings.find((finding) => finding.service === 'storefront' && finding.signal === 'error_rate_pct'),
    ).toMatchObject({
      fault: null,
    });
  });

  it('most calls to an upstream failing while that upstream looks fine is a dependency down where it is seen', () => {
    const { rca } = diagnose(
      snapshot({
        payments: { upstream_5xx_pct: step(0, 100), error_rate_pct: step(0, 100) },
        checkout: { upstream_5xx_pct: step(0, 100), error_rate_pct: step(0, 100) },
      }),
      'checkout',
    );
    expect(rca).toMatchObject({ rootService: 'payments', fault: 'dependency_down' });
  });

  it('a cache that always hits a third of the time has a shape, not a stampede; a fall is one', () => {
    expect(diagnose(snapshot({}), 'cache').findings).toEqual([]);
    const { findings } = diagnose(snapshot({ cache: { cache_hit_pct: step(90, 15) } }), 'cache');
    expect(findings[0]).toMatchObject({ service: 'cache', fault: 'cache_stampede' });
  });
});
