import { describe, expect, it } from 'vitest';
import { rcaByRules } from '../../../src/agents/rules/rca-rules.js';
import type { Finding, RcaInput, SpecialistOutput } from '../../../src/agents/schemas.js';
import { dependencyGraph, serviceContext } from '../../../src/sim/service-context.js';

function finding(
  service: string,
  fault: Finding['fault'],
  confidence: number,
  evidence = [`${service} evidence`],
): Finding {
  return {
    service,
    fault,
    signal: 'x',
    summary: `${fault ?? 'symptom'} seen on ${service}`,
    evidence,
    confidence,
  };
}

function input(findings: Finding[], system = 'web-edge'): RcaInput {
  const report: SpecialistOutput = { kind: 'web', summary: '', findings };
  return {
    incidentId: 'INC-0001',
    system,
    issue: 'something is wrong',
    service: serviceContext(system),
    findings: [report],
    graph: dependencyGraph(),
  };
}

describe('rca rules', () => {
  it('an upstream cause beats a more confident downstream one', () => {
    const out = rcaByRules(
      input([finding('api', 'web_5xx', 95), finding('database', 'slow', 80), finding('web-edge', null, 50)]),
    );
    expect(out).toMatchObject({ rootService: 'database', fault: 'slow', explains: ['api', 'web-edge'] });
    expect(out.summary).toMatch(/^Slow responses on database: slow seen on database; explains api, web-edge/);
    expect(out.evidence).toEqual(['database evidence', 'api: api evidence', 'web-edge: web-edge evidence']);
    expect(out.confidence).toBe(84);
  });

  it('ignores weak guesses when walking the graph', () => {
    const out = rcaByRules(input([finding('api', 'crash', 92), finding('network', 'network_partition', 40)]));
    expect(out).toMatchObject({ rootService: 'api', fault: 'crash' });
  });

  it('takes the most confident cause among unrelated services, and is less sure when contested', () => {
    const out = rcaByRules(
      input([finding('cache', 'cache_stampede', 88), finding('storage', 'disk_full', 90)]),
    );
    expect(out).toMatchObject({ rootService: 'storage', fault: 'disk_full' });
    expect(out.confidence).toBe(75);
  });

  it('with symptoms only, points at the most upstream symptomatic service with an unknown fault', () => {
    const out = rcaByRules(input([finding('web-edge', null, 50), finding('api', null, 45)]));
    expect(out).toMatchObject({
      rootService: 'api',
      fault: 'unknown',
      confidence: 35,
      explains: ['web-edge'],
    });
  });

  it('with no findings at all, says the system looks healthy', () => {
    const out = rcaByRules(input([], 'auth'));
    expect(out).toMatchObject({ rootService: 'auth', fault: 'unknown', confidence: 10, explains: [] });
  });
});
