import { describe, expect, it } from 'vitest';
import { parseTeamCatalog } from '../../../src/catalog/team-catalog.js';
import {
  approverProblems,
  fillParams,
  isAutoEligible,
  matchingRunbooks,
  type Runbook,
  renderStep,
  renderSteps,
  servicesWithRealExecutors,
} from '../../../src/runbooks/index.js';
import { exampleCatalog, exampleRunbookFiles, runbooksOf } from './example-estate.js';

const catalog = exampleCatalog();
const examples = runbooksOf(exampleRunbookFiles(), catalog);
const byId = (id: string): Runbook => {
  const runbook = examples.find((candidate) => candidate.id === id);
  if (runbook === undefined) throw new Error(`no runbook ${id}`);
  return runbook;
};
const none = new Map<string, unknown>();

describe('matching runbooks to an incident', () => {
  it('ranks a named service over a generic fault runbook, and an alert name over a fault kind', () => {
    const generic = runbooksOf(
      [
        {
          name: 'generic.yaml',
          text: `id: restart-anything
title: Restart anything that crashed
matches: { faults: [crash] }
steps:
  - { id: ask, title: Ask, executor: on-call-human, action: { kind: manual, instruction: restart it }, risk: low }
`,
        },
      ],
      catalog,
    );
    const all = [...examples, ...generic];
    const ids = (match: Parameters<typeof matchingRunbooks>[1]) =>
      matchingRunbooks(all, match).map((r) => r.id);
    expect(ids({ service: 'fraud-check', fault: 'crash' })).toEqual([
      'restart-fraud-check',
      'restart-anything',
    ]);
    expect(ids({ service: 'payments', fault: 'crash' })).toEqual(['restart-anything']);
    expect(ids({ service: 'fraud-check', fault: 'slow' })).toEqual([]);
    expect(ids({ service: 'session-cache', alertNames: ['SessionCacheHitRateLow'] })).toEqual([
      'flush-session-cache',
    ]);
    expect(ids({ service: 'search', fault: 'disk_full' })).toEqual(['free-disk']);
  });
});

describe('filling params from the incident, defaults and overrides', () => {
  it('takes the service from the incident, canonical, and defaults for the rest', () => {
    expect(fillParams(byId('free-disk'), { service: 'FRAUD-CHECK' }, none, catalog)).toEqual({
      ok: true,
      values: { service: 'fraud-check', keepDays: 7 },
    });
    expect(
      fillParams(byId('free-disk'), { service: 'search' }, new Map([['keepDays', '3']]), catalog),
    ).toEqual({
      ok: true,
      values: { service: 'search', keepDays: 3 },
    });
  });

  it('lists every refusal: unknown service, overridden incident fact, out-of-range or hostile values, unknown params', () => {
    const overrides = new Map<string, unknown>([
      ['service', 'payments'],
      ['keepDays', 99],
      ['force', true],
    ]);
    expect(fillParams(byId('free-disk'), { service: 'ledger-db' }, overrides, catalog)).toEqual({
      ok: false,
      refusals: [
        'param force: the runbook has no such param',
        "param service: taken from the incident's service, it cannot be overridden",
        'param keepDays: above the maximum 30',
      ],
    });
    expect(fillParams(byId('free-disk'), { service: 'unknown-svc' }, none, catalog)).toEqual({
      ok: false,
      refusals: [`param service: the incident's service "unknown-svc" is not in the catalog`],
    });
    const hostile = fillParams(byId('flush-session-cache'), {}, new Map([['jobId', '$(reboot)']]), catalog);
    expect(hostile.ok).toBe(false);
  });

  it('checks an instance against the catalog', () => {
    const [runbook] = runbooksOf(
      [
        {
          name: 'instance.yaml',
          text: `id: drain
title: Drain one instance
matches: { services: [payments] }
params:
  service: { type: string, from: service, pattern: "^[a-z-]+$" }
  instance: { type: integer, from: instance, min: 1, max: 100 }
steps:
  - { id: drain, title: Drain, executor: on-call-human, action: { kind: manual, instruction: "drain {{service}} #{{instance}}" }, risk: medium }
`,
        },
      ],
      catalog,
    );
    if (runbook === undefined) throw new Error('no runbook');
    expect(fillParams(runbook, { service: 'payments', instance: '3' }, none, catalog)).toEqual({
      ok: true,
      values: { service: 'payments', instance: 3 },
    });
    expect(fillParams(runbook, { service: 'payments', instance: 9 }, none, catalog)).toEqual({
      ok: false,
      refusals: ['param instance: the catalog knows no instance "9" of payments'],
    });
  });
});

describe('rendering steps for the runner', () => {
  it('renders actions and rollback actions from checked values', () => {
    const runbook = byId('flush-session-cache');
    const filled = fillParams(runbook, {}, none, catalog);
    if (!filled.ok) throw new Error(filled.refusals.join('; '));
    const rendered = renderSteps(runbook, filled.values);
    expect(rendered).toMatchObject({
      ok: true,
      steps: [
        {
          id: 'flush',
          executor: 'ops-automation',
          risk: 'medium',
          approval: 'plan',
          timeoutSeconds: 120,
          verify: { promql: expect.stringContaining('session-cache'), settleSeconds: 120 },
          action: {
            kind: 'http',
            request: {
              method: 'POST',
              pathSegments: ['api', '45', 'job', '3f1c2b9e-8d4a-4c1e-9f2a-6b7d0e5a1c33', 'run'],
              body: { options: { percent: 25 } },
            },
          },
          rollback: {
            kind: 'http',
            request: { pathSegments: ['api', '45', 'job', '0b6e4f1d-2c3a-4e5f-8a9b-1c2d3e4f5a6b', 'run'] },
          },
        },
      ],
    });
  });

  it('refuses a value that did not come through fillParams and breaks a param', () => {
    const runbook = byId('free-disk');
    const [prune] = runbook.steps;
    if (prune === undefined) throw new Error('no step');
    expect(renderStep(runbook, prune, { service: 'a;rm -rf /', keepDays: 7 })).toMatchObject({
      ok: false,
      stepId: 'prune-logs',
    });
  });

  it('lets only an auto, all-low-risk runbook with no per-step approval run alone', () => {
    expect(isAutoEligible(byId('restart-fraud-check'))).toBe(true);
    expect(isAutoEligible(byId('free-disk'))).toBe(false);
    expect(isAutoEligible(byId('flush-session-cache'))).toBe(false);
  });
});

describe('approvers for services real executors can act on', () => {
  it('is satisfied by the example estate, whose such services all name approvers', () => {
    expect(servicesWithRealExecutors(catalog, [])).toEqual([
      'checkout',
      'payments',
      'fraud-check',
      'ledger-db',
      'session-cache',
    ]);
    // free-disk names no service and has a local step: it can act on every service.
    expect(servicesWithRealExecutors(catalog, examples)).toContain('search');
    expect(approverProblems(catalog, examples, [])).toEqual([]);
  });

  it('names the uncovered services when APPROVERS is empty, and is satisfied by APPROVERS', () => {
    const estate = parseTeamCatalog([
      {
        name: 'catalog.yaml',
        text: `services:
  - { name: api, tier: 1, executor: host }
  - { name: web, tier: 2, executor: person }
  - { name: db, tier: 1, approvers: [U0DBA] }
executors:
  - { name: host, kind: local }
  - { name: person, kind: manual }
`,
      },
    ]);
    if (!estate.ok) throw new Error('catalog refused');
    const restartDb = runbooksOf(
      [
        {
          name: 'db.yaml',
          text: `id: restart-web
title: Restart web
matches: { services: [web] }
steps:
  - { id: restart, title: Restart, executor: host, action: { kind: local, command: [/bin/true] }, risk: low }
`,
        },
      ],
      estate.catalog,
    );
    expect(approverProblems(estate.catalog, restartDb, [])).toEqual([
      'APPROVERS: empty, and real executors can act on api, web, which name no approvers: anyone in the channel could run actions on them. Set APPROVERS, or approvers: on each of these services',
    ]);
    expect(approverProblems(estate.catalog, restartDb, ['U0LEAD'])).toEqual([]);
  });
});
