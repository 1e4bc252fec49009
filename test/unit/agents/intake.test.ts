import { describe, expect, it } from 'vitest';
import { fingerprintOf, intake, isDuplicateOf, normalizeIssue } from '../../../src/agents/intake.js';
import { PermanentError } from '../../../src/errors.js';
import { catalogDirectory, routedDirectory } from '../../../src/estate/catalog-directory.js';
import { simulatedDirectory } from '../../../src/sim/sim-directory.js';
import { SIM_PREFIX } from '../../../src/sim/sim-names.js';
import { testCatalog } from '../../support/catalogs.js';

const simulated = simulatedDirectory();

const base = { incidentId: 'INC-0001', issue: 'p99 latency 5 s, connection pool exhausted' };

describe('intake', () => {
  it.each([
    ['  Web ', 'web-edge'],
    ['edge', 'web-edge'],
    ['Web_Edge', 'web-edge'],
    ['db', 'database'],
    ['Postgres', 'database'],
    ['redis', 'cache'],
    ['API', 'api'],
    ['billing', 'billing'],
  ])('the simulated estate reads system %j as %s (its own aliases)', (raw, normalized) => {
    expect(intake({ ...base, system: raw }, simulated).system).toBe(normalized);
  });

  it('never renames a real catalog service to a simulated alias', () => {
    const catalog = testCatalog(`services:
  - { name: db, tier: 1 }
  - { name: web, tier: 2, aliases: [frontend] }
  - { name: postgres, tier: 2 }
`);
    const estate = routedDirectory(catalogDirectory(catalog), simulatedDirectory(SIM_PREFIX));
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['db', 'db'],
      ['Web', 'web'],
      ['frontend', 'web'],
      ['postgres', 'postgres'],
      // Not in the catalog: kept as written, never the simulation's `cache`.
      ['redis', 'redis'],
      ['sim:db', 'sim:database'],
    ];
    for (const [raw, expected] of cases) {
      expect(intake({ ...base, system: raw }, estate).system, raw).toBe(expected);
    }
    // Two real services never share a fingerprint through a simulated alias (web and web-edge).
    expect(fingerprintOf('web', 'p99 up')).not.toBe(fingerprintOf('web-edge', 'p99 up'));
  });

  it('enriches a known service from the catalog', () => {
    const out = intake({ ...base, system: 'postgres' }, simulated);
    expect(out.system).toBe('database');
    expect(out.service).toEqual({
      name: 'database',
      known: true,
      owner: 'team-data',
      tier: 1,
      dependsOn: ['storage', 'network'],
      dependents: ['api', 'auth', 'worker'],
      instances: 2,
    });
  });

  it('marks an unknown service as such', () => {
    expect(intake({ ...base, system: 'Billing' }, simulated).service).toMatchObject({
      name: 'billing',
      known: false,
      owner: null,
    });
  });

  it('keeps a given severity, else reads it from keywords, else from the tier', () => {
    expect(intake({ ...base, system: 'api', sev: 'sev3' }, simulated).sev).toBe('sev3');
    expect(intake({ ...base, system: 'api', issue: 'pods OOMKilled (exit 137)' }, simulated).sev).toBe(
      'sev1',
    );
    expect(intake({ ...base, system: 'cache', issue: 'p99 latency up' }, simulated).sev).toBe('sev2');
    expect(intake({ ...base, system: 'cache', issue: 'hit ratio fell' }, simulated).sev).toBe('sev3');
    expect(intake({ ...base, system: 'api', issue: 'something is wrong' }, simulated).sev).toBe('sev2');
  });

  it('fingerprints the normalized system and issue: 16 stable hex characters', () => {
    const a = intake({ ...base, system: 'db' }, simulated).fingerprint;
    const b = intake(
      {
        ...base,
        system: ' Postgres',
        issue: 'P99 latency 5 s;  connection pool EXHAUSTED!',
      },
      simulated,
    ).fingerprint;
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
    expect(fingerprintOf('database', 'disk full')).not.toBe(a);
    expect(normalizeIssue(' Disk  99 % FULL! ')).toBe('disk 99 % full');
  });

  it('rejects invalid input', () => {
    expect(() => intake({ ...base, system: '' }, simulated)).toThrow(PermanentError);
  });
});

describe('isDuplicateOf', () => {
  const open = [
    { id: 'INC-0001', fingerprint: 'aaaa', system: 'database', issue: 'Disk full' },
    { id: 'INC-0002', fingerprint: 'bbbb', system: 'api', issue: 'pods crash looping' },
  ];

  it('matches on fingerprint', () => {
    expect(isDuplicateOf({ fingerprint: 'bbbb', system: 'x', issue: 'y' }, open)).toBe('INC-0002');
  });

  it('matches on the same (canonical) system and normalized issue; aliases were resolved before', () => {
    expect(isDuplicateOf({ fingerprint: 'zzzz', system: 'Database', issue: 'disk FULL.' }, open)).toBe(
      'INC-0001',
    );
    expect(isDuplicateOf({ fingerprint: 'zzzz', system: 'db', issue: 'disk FULL.' }, open)).toBeNull();
  });

  it('returns null for a new incident', () => {
    expect(isDuplicateOf({ fingerprint: 'zzzz', system: 'api', issue: 'disk full' }, open)).toBeNull();
  });
});
