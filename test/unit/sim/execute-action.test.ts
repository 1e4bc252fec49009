import { describe, expect, it } from 'vitest';
import type { ActionKind } from '../../../src/domain/runbook.js';
import type { PlannedAction } from '../../../src/domain/ticket.js';
import { activeFaults, initialEstate, injectFault } from '../../../src/sim/estate/estate-state.js';
import { serviceHealth } from '../../../src/sim/estate/health.js';
import { executeAction, watchedServices } from '../../../src/sim/remediation.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const EARLIER = new Date(NOW.getTime() - 5 * 60_000);

function action(kind: PlannedAction['kind'], target: string): PlannedAction {
  return {
    id: `${kind}-${target}`,
    kind,
    target,
    description: `${kind} ${target}`,
    risk: 'low',
    blastRadius: 'test',
    rollback: 'test',
  };
}

describe('watchedServices', () => {
  it.each([
    { target: 'database', root: undefined, expected: ['database', 'api', 'auth', 'worker'] },
    { target: 'web-edge', root: 'cache', expected: ['web-edge', 'cache', 'api', 'auth', 'worker'] },
    { target: 'ghost', root: undefined, expected: [] },
    { target: 'ghost', root: 'web-edge', expected: ['web-edge'] },
  ])('$target (root $root) watches $expected', ({ target, root, expected }) => {
    expect(watchedServices(target, root).sort()).toEqual([...expected].sort());
  });
});

describe('executeAction', () => {
  it('a manual step is left to a person: nothing changes', () => {
    const state = injectFault(initialEstate(), 'api', 'crash', EARLIER);
    const result = executeAction(state, action('manual', 'api'), { now: NOW });
    expect(result.state).toBe(state);
    expect(result.report).toEqual({
      actionId: 'manual-api',
      outcome: 'manual',
      log: ['manual step for a human: manual api'],
      healthBefore: result.report.healthAfter,
      healthAfter: result.report.healthBefore,
    });
  });

  it('a target outside the estate is skipped with the reason, and nothing changes', () => {
    const state = initialEstate();
    const result = executeAction(state, action('restart', 'mainframe'), { now: NOW });
    expect(result.state).toBe(state);
    expect(result.report).toMatchObject({
      outcome: 'skipped',
      log: ['mainframe is not in the estate: nothing to act on'],
      healthBefore: 0,
      healthAfter: 0,
    });
  });

  it('a per-instance action goes to a canary first, then to each other instance, and cures the fault', () => {
    const state = injectFault(initialEstate(), 'api', 'crash', EARLIER);
    const result = executeAction(state, action('restart', 'api'), { now: NOW, root: 'api' });
    expect(result.report.outcome).toBe('applied');
    expect(result.report.log.map((line) => line.split(' ')[0])).toEqual(['canary:', 'instance', 'instance']);
    expect(result.report.log[0]).toMatch(
      /^canary: restarted api-0: cured crash on api-0 \(health \d+ → \d+\)$/,
    );
    expect(result.report.healthAfter).toBeGreaterThan(result.report.healthBefore);
    expect(activeFaults(result.state.services.api)).toEqual([]);
    expect(serviceHealth(result.state, 'api').status).toBe('healthy');
  });

  it.each<[string, ActionKind, 'network' | 'api']>([
    ['a service-wide action runs once, without a canary label', 'failover', 'network'],
    ['scaling is one wave too', 'scale_up', 'api'],
  ])('%s', (_name, kind, target) => {
    const state =
      kind === 'failover'
        ? injectFault(initialEstate(), 'network', 'network_partition', EARLIER)
        : initialEstate();
    const result = executeAction(state, action(kind, target), { now: NOW, root: target });
    expect(result.report.outcome).toBe('applied');
    expect(result.report.log).toHaveLength(1);
    expect(result.report.log[0]).not.toMatch(/^(canary|instance)/);
    expect(result.report.healthAfter).toBeGreaterThanOrEqual(result.report.healthBefore);
  });

  it('a step that makes health worse is rolled back and the health it reports is the restored one', () => {
    const state = initialEstate();
    const result = executeAction(state, action('failover', 'database'), { now: NOW });
    expect(result.report.outcome).toBe('rolled_back');
    expect(result.report.log).toHaveLength(2);
    expect(result.report.log[1]).toMatch(/^health got worse: rolled back failover on database.*; stopped$/);
    expect(result.report.healthAfter).toBe(result.report.healthBefore);
    expect(result.state.services.database.site).toEqual(state.services.database.site);
    expect(result.state.services.database.strain).toEqual(state.services.database.strain);
  });

  it('an action on a healthy service is applied and changes no health', () => {
    const state = initialEstate();
    const result = executeAction(state, action('restart', 'api'), { now: NOW });
    expect(result.report).toMatchObject({ outcome: 'applied', healthBefore: 200, healthAfter: 200 });
    expect(result.report.log).toHaveLength(state.services.api.instances.length);
  });

  it('leaves the state it was given as it was', () => {
    const state = injectFault(initialEstate(), 'api', 'crash', EARLIER);
    const before = structuredClone(state);
    executeAction(state, action('restart', 'api'), { now: NOW });
    expect(state).toEqual(before);
  });
});
