import { describe, expect, it } from 'vitest';
import { entityRefName } from '../../../../src/domain/catalog/backstage-entities.js';
import { catalogOf, problemsOf } from './catalog-fixtures.js';

const entities = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    warroom/tier: "one"
    warroom/team: payments
    warroom/slack: U0PAYOWNER
spec:
  owner: group:default/team-payments
  dependsOn: [resource:default/ledger-db, component:search]
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ledger-db
  annotations:
    warroom/tier: "1"
spec:
  owner: team-data
`;

describe('Backstage entity files', () => {
  it('reads entity refs with or without kind and namespace', () => {
    expect(entityRefName('component:default/payments')).toBe('payments');
    expect(entityRefName('resource:ledger-db')).toBe('ledger-db');
    expect(entityRefName('group:team-payments')).toBe('team-payments');
    expect(entityRefName('search')).toBe('search');
  });

  it('locates problems by document, annotation and spec path', () => {
    expect(problemsOf({ name: 'catalog-info.yaml', text: entities })).toEqual([
      'catalog-info.yaml:6 (document 1) metadata.annotations["warroom/tier"]: must be 1, 2 or 3 (1 is the most critical)',
      'catalog-info.yaml:7 (document 1) metadata.annotations["warroom/team"]: unknown Warroom annotation (known: warroom/tier, warroom/slack, warroom/approvers, warroom/selector)',
    ]);
    const fixed = entities.replace('"one"', '"1"').replace('    warroom/team: payments\n', '');
    expect(problemsOf({ name: 'catalog-info.yaml', text: fixed })).toEqual([
      'catalog-info.yaml:10 (document 1) spec.dependsOn[1]: unknown dependency "search": no service or alias has this name',
    ]);
  });

  it('refuses a document that is no entity and the same entity twice', () => {
    const text = `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: ledger-db, annotations: { warroom/tier: "1" } }
spec: { owner: team-data }
---
name: stray
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: Ledger-DB, annotations: { warroom/tier: "2" } }
spec: { owner: team-data }
`;
    expect(problemsOf({ name: 'catalog-info.yaml', text })).toEqual([
      'catalog-info.yaml:6 (document 2): not a Backstage entity (no kind)',
    ]);
    expect(problemsOf({ name: 'catalog-info.yaml', text: text.replace('---\nname: stray\n', '') })).toEqual([
      'catalog-info.yaml:8 (document 2) metadata.name: duplicate name "Ledger-DB": already at catalog-info.yaml:3 (document 1) metadata.name',
    ]);
  });

  it('merges a Warroom file into the entity of the same name, refusing a field given twice differently', () => {
    const backstage = {
      name: 'catalog-info.yaml',
      text: entities
        .replace('"one"', '"1"')
        .replace('    warroom/team: payments\n', '')
        .replace(', component:search', ''),
    };
    const warroom = `services:
  - name: payments
    tier: 2
    owner: { team: team-payments }
    description: Card payments
  - name: ledger-db
    telemetry: { selector: '{job="postgres"}' }
`;
    expect(problemsOf(backstage, { name: 'warroom.yaml', text: warroom })).toEqual([
      'warroom.yaml:3 services[0].tier: conflicts with the Backstage entity (catalog-info.yaml:6 (document 1) metadata.annotations["warroom/tier"]): give it in one place',
    ]);
    const catalog = catalogOf(backstage, {
      name: 'warroom.yaml',
      text: warroom.replace('    tier: 2\n', ''),
    });
    expect(catalog.find('payments')).toMatchObject({
      description: 'Card payments',
      owner: { team: 'team-payments', slack: 'U0PAYOWNER' },
      tier: 1,
    });
    expect(catalog.find('ledger-db')?.telemetry.selector).toBe('job="postgres"');
  });

  it('needs a tier from an annotation or the Warroom file', () => {
    const text = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: search }
spec: { owner: team-discovery }
`;
    expect(problemsOf({ name: 'catalog-info.yaml', text })).toEqual([
      'catalog-info.yaml:3 metadata.annotations["warroom/tier"]: required: 1, 2 or 3 (1 is the most critical)',
    ]);
  });
});
