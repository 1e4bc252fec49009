import { describe, expect, it } from 'vitest';
import { FAULT_CATALOG, type FaultKind } from '../../../src/domain/faults.js';
import type { ActionKind } from '../../../src/domain/runbook.js';
import { PermanentError } from '../../../src/errors.js';
import { applyAction, COLD_CACHE_STRAIN, rollbackAction } from '../../../src/sim/estate/actions.js';
import { activeFaults, type EstateState, initialEstate } from '../../../src/sim/estate/estate-state.js';
import { serviceHealth } from '../../../src/sim/estate/health.js';
import type { ServiceName } from '../../../src/sim/services.js';
import { estateWith, FAULT_CASES, NOW, SIGNATURE_SHOWN, snapshotOf } from './estate-fixtures.js';

const at = { now: NOW };

function faultsOn(state: EstateState, service: ServiceName): FaultKind[] {
  return activeFaults(state.services[service]).map((fault) => fault.kind);
}

const CURES: readonly [FaultKind, ActionKind][] = [
  ['crash', 'restart'],
  ['memory_leak', 'restart'],
  ['bad_config', 'rollback_config'],
  ['web_5xx', 'rollback_deploy'],
  ['slow', 'increase_pool'],
  ['disk_full', 'free_disk'],
  ['network_partition', 'failover'],
  ['dependency_down', 'failover'],
  ['cache_stampede', 'clear_cache'],
];

describe('applyAction cures', () => {
  it.each(CURES)('%s is cured by %s', (kind, action) => {
    for (const { service } of FAULT_CASES.filter((c) => c.kind === kind)) {
      const { state, effect } = applyAction(estateWith(kind, service), { kind: action, target: service }, at);
      expect(faultsOn(state, service)).toEqual([]);
      expect(serviceHealth(state, service).status).toBe('healthy');
      expect(SIGNATURE_SHOWN[kind](snapshotOf(state), service)).toBe(false);
      expect(effect).toMatch(new RegExp(`cured ${kind}`));
    }
  });

  it('the first runbook step of every fault cures it', () => {
    for (const { kind, service } of FAULT_CASES) {
      const first = FAULT_CATALOG[kind].remediation[0] as ActionKind;
      const { state } = applyAction(estateWith(kind, service), { kind: first, target: service }, at);
      expect(faultsOn(state, service), `${kind} on ${service}`).toEqual([]);
    }
  });

  it('per-instance actions cure one instance at a time: a canary shows in health', () => {
    const broken = estateWith('crash', 'api');
    const canary = applyAction(broken, { kind: 'restart', target: 'api' }, { instance: 0, now: NOW });
    expect(canary.effect).toBe('restarted api-0: cured crash on api-0');
    expect(faultsOn(canary.state, 'api')).toEqual(['crash']);
    expect(serviceHealth(canary.state, 'api').score).toBeGreaterThan(serviceHealth(broken, 'api').score);
    const rest = [1, 2].reduce(
      (state, instance) =>
        applyAction(state, { kind: 'restart', target: 'api' }, { instance, now: NOW }).state,
      canary.state,
    );
    expect(faultsOn(rest, 'api')).toEqual([]);
  });

  it('scale_up mitigates a memory leak without curing it', () => {
    const broken = estateWith('memory_leak', 'worker');
    const { state, effect } = applyAction(broken, { kind: 'scale_up', target: 'worker' }, at);
    expect(effect).toMatch(/from 4 to 6 replicas: mitigates memory_leak/);
    expect(faultsOn(state, 'worker')).toEqual(['memory_leak']);
    expect(serviceHealth(state, 'worker').score).toBeGreaterThan(serviceHealth(broken, 'worker').score);
  });
});

describe('applyAction: wrong actions', () => {
  it('change nothing when they do not touch the fault', () => {
    const broken = estateWith('bad_config', 'api');
    for (const kind of ['restart', 'rollback_deploy', 'free_disk', 'manual'] as const) {
      const result = applyAction(broken, { kind, target: 'api' }, at);
      expect(result.state).toEqual(broken);
    }
  });

  it('clear_cache while the database is slow makes database health worse', () => {
    const broken = estateWith('slow', 'database');
    const { state, effect } = applyAction(broken, { kind: 'clear_cache', target: 'cache' }, at);
    expect(effect).toMatch(/database health -15/);
    expect(serviceHealth(state, 'database').score).toBe(
      serviceHealth(broken, 'database').score - COLD_CACHE_STRAIN,
    );
  });

  it('failover of a healthy service costs a little health', () => {
    const { state, effect } = applyAction(initialEstate(), { kind: 'failover', target: 'api' }, at);
    expect(effect).toMatch(/nothing to cure, health -5/);
    expect(serviceHealth(state, 'api')).toMatchObject({ score: 95, status: 'healthy' });
  });

  it('rejects unknown actions, targets and instances', () => {
    expect(() => applyAction(initialEstate(), { kind: 'reboot', target: 'api' }, at)).toThrow(PermanentError);
    expect(() => applyAction(initialEstate(), { kind: 'restart', target: 'mainframe' }, at)).toThrow(
      PermanentError,
    );
    expect(() =>
      applyAction(initialEstate(), { kind: 'restart', target: 'api' }, { instance: 9, now: NOW }),
    ).toThrow(/no instance 9/);
  });
});

describe('rollbackAction', () => {
  it('undoes the step that made health worse', () => {
    const broken = estateWith('slow', 'database');
    const worse = applyAction(broken, { kind: 'clear_cache', target: 'cache' }, at).state;
    const { state, effect } = rollbackAction(worse, { kind: 'clear_cache', target: 'cache' }, at);
    expect(effect).toMatch(/rolled back clear_cache on cache: restored database.strain/);
    expect(state).toEqual(broken);
  });

  it('undoes one instance and leaves the others as they are', () => {
    let state = estateWith('bad_config', 'auth');
    for (const instance of [0, 1]) {
      state = applyAction(state, { kind: 'rollback_config', target: 'auth' }, { instance, now: NOW }).state;
    }
    state = rollbackAction(
      state,
      { kind: 'rollback_config', target: 'auth' },
      { instance: 0, now: NOW },
    ).state;
    expect(state.services.auth.instances.map((i) => i.faults)).toEqual([['bad_config'], []]);
    expect(state.services.auth.instances[0]?.configRevision).toBe(42);
  });

  it('undoes scale_up and failover', () => {
    const scaled = applyAction(initialEstate(), { kind: 'scale_up', target: 'api' }, at).state;
    expect(rollbackAction(scaled, { kind: 'scale_up', target: 'api' }, at).state).toEqual(initialEstate());
    const failed = applyAction(
      estateWith('network_partition', 'network'),
      { kind: 'failover', target: 'network' },
      at,
    );
    const back = rollbackAction(failed.state, { kind: 'failover', target: 'network' }, at).state;
    expect(back).toEqual(estateWith('network_partition', 'network'));
  });

  it('says so when there is nothing to roll back', () => {
    const state = initialEstate();
    const result = rollbackAction(state, { kind: 'restart', target: 'api' }, at);
    expect(result).toEqual({ state, effect: 'nothing to roll back: no applied restart on api' });
  });
});
