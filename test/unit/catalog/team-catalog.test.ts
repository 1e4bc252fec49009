import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTeamCatalog } from '../../../src/catalog/team-catalog.js';
import { formatProblem } from '../../../src/domain/catalog/index.js';

function problems(text: string): string[] {
  const outcome = parseTeamCatalog([{ name: 'catalog.yaml', text }]);
  return outcome.ok ? [] : outcome.problems.map(formatProblem);
}

describe('catalog executors checked with each kind’s own schema', () => {
  it('accepts the shipped catalog.example.yaml, every kind included', () => {
    expect(problems(readFileSync(new URL('../../../catalog.example.yaml', import.meta.url), 'utf8'))).toEqual(
      [],
    );
  });

  it('lists every settings problem of a built kind at its file, line and path', () => {
    const text = `services:
  - { name: shop, tier: 2, executor: flags }
executors:
  - name: sup
    kind: supervisor
    url: ftp://127.0.0.1:9001
    programs: []
  - name: flags
    kind: http
    baseUrl: http://127.0.0.1:8080
    auth: { type: bearer }
    endpoints: { health: /healthz }
  - name: host
    kind: local
    workingDirectory: /tmp
    timeoutMs: -5
  - name: person
    kind: manual
    description: a person with a checklist
`;
    expect(problems(text)).toEqual([
      'catalog.yaml:6 executors[0].url: Invalid URL',
      'catalog.yaml:7 executors[0].programs: Too small: expected array to have >=1 items',
      'catalog.yaml:8 executors[1]: bearer auth needs credentials.token, basic credentials.password, hmac credentials.secret',
      'catalog.yaml:12 executors[1].endpoints: unknown field "endpoints"',
      'catalog.yaml:15 executors[2].workingDirectory: unknown field "workingDirectory"',
      'catalog.yaml:16 executors[2].timeoutMs: Too small: expected number to be >0',
    ]);
  });

  it('refuses http auth without the credential it signs with', () => {
    const text = `services:
  - { name: shop, tier: 2 }
executors:
  - name: rundeck
    kind: http
    baseUrl: https://rundeck.example.com
    auth: { type: bearer }
`;
    expect(problems(text)).toEqual([
      'catalog.yaml:4 executors[0]: bearer auth needs credentials.token, basic credentials.password, hmac credentials.secret',
    ]);
  });

  it('checks ssh, postgres and kubernetes entries with their own schemas', () => {
    const text = `services:
  - { name: shop, tier: 2, executor: k8s }
executors:
  - { name: k8s, kind: kubernetes, namespace: shop }
  - { name: box, kind: ssh, host: box.internal, username: ops, hostKey: trust-me, credentials: { privateKey: { file: /k } } }
  - { name: db, kind: postgres, host: db.internal }
`;
    const found = problems(text);
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/^catalog\.yaml:4 executors\[0\]/);
    expect(found.join('\n')).toMatch(/namespaces/);
    expect(found.join('\n')).toMatch(/the host key as `SHA256:…`/);
    expect(found.join('\n')).toMatch(/name host, database and user, or give credentials\.connectionString/);
  });
});
