import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../../src/domain/faults.js';
import { PermanentError } from '../../../src/errors.js';
import {
  activeFaults,
  EstateState,
  initialEstate,
  injectFault,
  isPerInstanceFault,
} from '../../../src/sim/estate/estate-state.js';
import { FAULT_TARGETS } from '../../../src/sim/fault-targets.js';
import { SERVICE_CATALOG, SERVICE_NAMES } from '../../../src/sim/services.js';
import { INJECTED_AT } from './estate-fixtures.js';

describe('estate state', () => {
  it('starts healthy, with the catalog instances, and fits its schema', () => {
    const state = initialEstate();
    expect(EstateState.parse(state)).toEqual(state);
    for (const name of SERVICE_NAMES) {
      expect(state.services[name].instances).toHaveLength(SERVICE_CATALOG[name].instances);
      expect(activeFaults(state.services[name])).toEqual([]);
    }
  });

  it.each(FAULT_KINDS)('injects %s where it applies, and only there', (kind) => {
    for (const service of SERVICE_NAMES) {
      if (FAULT_TARGETS[kind].appliesTo.includes(service)) {
        const state = injectFault(initialEstate(), service, kind, INJECTED_AT);
        const [fault] = activeFaults(state.services[service]);
        expect(fault).toMatchObject({ kind, injectedAt: INJECTED_AT.toISOString(), share: 1 });
        expect(EstateState.parse(state)).toEqual(state);
      } else {
        expect(() => injectFault(initialEstate(), service, kind, INJECTED_AT)).toThrow(PermanentError);
      }
    }
  });

  it('rejects unknown faults and services as invalid input', () => {
    expect(() => injectFault(initialEstate(), 'mainframe', 'crash', INJECTED_AT)).toThrow(/unknown/);
    try {
      injectFault(initialEstate(), 'network', 'crash', INJECTED_AT);
    } catch (error) {
      expect(error).toBeInstanceOf(PermanentError);
      expect((error as PermanentError).code).toBe('invalid_input');
    }
  });

  it('marks per-instance faults on every instance and records release and config changes', () => {
    expect(isPerInstanceFault('crash')).toBe(true);
    expect(isPerInstanceFault('disk_full')).toBe(false);
    const config = injectFault(initialEstate(), 'api', 'bad_config', INJECTED_AT).services.api;
    expect(config.instances.every((i) => i.faults.includes('bad_config') && i.configRevision === 42)).toBe(
      true,
    );
    const release = injectFault(initialEstate(), 'web-edge', 'web_5xx', INJECTED_AT).services['web-edge'];
    expect(release.instances.every((i) => i.version === '2.5.0')).toBe(true);
  });

  it('re-injecting a fault replaces it, and never mutates the input', () => {
    const before = initialEstate();
    const once = injectFault(before, 'api', 'crash', INJECTED_AT);
    const twice = injectFault(once, 'api', 'crash', new Date(INJECTED_AT.getTime() + 60_000));
    expect(twice.services.api.faults).toHaveLength(1);
    expect(before).toEqual(initialEstate());
  });
});
