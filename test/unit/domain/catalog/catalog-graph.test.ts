import { describe, expect, it } from 'vitest';
import { connectedComponents, findCycles } from '../../../../src/domain/catalog/index.js';
import { catalogOf, MINIMAL_CATALOG, repoFile } from './catalog-fixtures.js';

describe('the catalog as a dependency graph', () => {
  const catalog = catalogOf(repoFile('catalog.example.yaml'));

  it('answers direct dependencies and dependents, by name or alias in any case', () => {
    expect(catalog.dependencies('Storefront')).toEqual(['payments', 'search', 'session-cache']);
    expect(catalog.dependents('session-cache')).toEqual(['checkout', 'fraud-check']);
    expect(catalog.dependents('checkout')).toEqual([]);
  });

  it('walks transitive dependencies and dependents nearest first', () => {
    expect(catalog.transitiveDependencies('checkout')).toEqual([
      'payments',
      'search',
      'session-cache',
      'ledger-db',
      'fraud-check',
    ]);
    expect(catalog.transitiveDependents('ledger')).toEqual(['payments', 'checkout']);
    expect(catalog.transitiveDependencies('search')).toEqual([]);
  });

  it('groups services into connected components, in catalog order', () => {
    expect(catalogOf({ name: 'catalog.yaml', text: MINIMAL_CATALOG }).components()).toEqual([
      ['payments', 'ledger-db'],
      ['search'],
    ]);
    expect(catalog.componentOf('search')).toHaveLength(6);
  });

  it('answers owners, approvers and queries, and nothing for an unknown name', () => {
    expect(catalog.owner('pay')).toEqual({ team: 'team-payments', slack: 'U0PAYOWNER' });
    expect(catalog.approvers('payment-service')).toEqual(['U0PAYOWNER', 'W0PAYSRE']);
    expect(catalog.find('constructor')).toBeUndefined();
    expect(catalog.find('toString')).toBeUndefined();
    expect(catalog.dependencies('nope')).toEqual([]);
    expect(catalog.transitiveDependents('nope')).toEqual([]);
    expect(catalog.componentOf('nope')).toEqual([]);
    expect(catalog.owner('nope')).toBeUndefined();
    expect(catalog.approvers('nope')).toEqual([]);
    expect(catalog.promql('nope')).toEqual({});
    expect(catalog.executor('nope')).toBeUndefined();
  });
});

describe('graph functions', () => {
  it('finds each cycle once, starting at the service that comes first', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', ['b']],
      ['d', []],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'a'],
      ['b', 'c', 'b'],
    ]);
    expect(findCycles(new Map([['a', []]]))).toEqual([]);
  });

  it('links services in either direction into components', () => {
    const graph = new Map([
      ['web', ['api']],
      ['batch', ['db']],
      ['api', ['db']],
      ['db', []],
      ['docs', []],
    ]);
    expect(connectedComponents(graph)).toEqual([['web', 'batch', 'api', 'db'], ['docs']]);
  });
});
