import { describe, expect, it } from 'vitest';
import { MINIMAL_CATALOG, problemsOf } from './catalog-fixtures.js';

describe('parseCatalog: each problem, exactly, with file, line and YAML path', () => {
  it('refuses an unknown dependency', () => {
    const text = `services:
  - name: payments
    tier: 1
    dependsOn: [ledger-db, ledger]
  - name: ledger-db
    tier: 1
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:4 services[0].dependsOn[1]: unknown dependency "ledger": no service or alias has this name',
    ]);
  });

  it('resolves a dependency named by an alias, in any case', () => {
    const text = `services:
  - { name: payments, tier: 1, dependsOn: [LEDGER] }
  - { name: ledger-db, aliases: [ledger], tier: 1 }
`;
    expect(problemsOf(text)).toEqual([]);
  });

  it('names every cycle in dependsOn, a service depending on itself included', () => {
    const text = `services:
  - { name: a, tier: 1, dependsOn: [b] }
  - { name: b, tier: 1, dependsOn: [c] }
  - { name: c, tier: 1, dependsOn: [a] }
  - { name: d, tier: 2, dependsOn: [d] }
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:2 services[0].dependsOn[0]: dependency cycle: a → b → c → a',
      'catalog-1.yaml:5 services[3].dependsOn[0]: dependency cycle: d → d',
    ]);
  });

  it('refuses duplicate names and aliases, case-insensitively, across files', () => {
    const first = `services:
  - { name: payments, aliases: [pay], tier: 1 }
  - { name: search, aliases: [Payments], tier: 3 }
`;
    const second = `services:
  - { name: PAYMENTS, tier: 1 }
  - { name: ledger, aliases: [PAY, ledger], tier: 1 }
`;
    expect(problemsOf(first, second)).toEqual([
      'catalog-1.yaml:3 services[1].aliases[0]: duplicate alias "Payments": already the name of a service at catalog-1.yaml:2 services[0].name',
      'catalog-2.yaml:2 services[0].name: duplicate name "PAYMENTS": already at catalog-1.yaml:2 services[0].name',
      'catalog-2.yaml:3 services[1].aliases[0]: duplicate alias "PAY": already an alias of payments at catalog-1.yaml:2 services[0].aliases[0]',
      'catalog-2.yaml:3 services[1].aliases[1]: duplicate alias "ledger": already the name of a service at catalog-2.yaml:3 services[1].name',
    ]);
  });

  it('refuses unknown PromQL template placeholders and a selector that is not label matchers', () => {
    const text = `services:
  - name: payments
    tier: 1
    telemetry:
      selector: 'job=payments'
      rateWindow: five minutes
      error_rate_pct: 'sum(rate(errors_total{{selectr}}[{window}]))'
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:5 services[0].telemetry.selector: must be label matchers such as {job="payments"}',
      'catalog-1.yaml:6 services[0].telemetry.rateWindow: must be a Prometheus duration such as 5m or 1h30m',
      'catalog-1.yaml:7 services[0].telemetry.error_rate_pct: unknown placeholder {selectr}: use {selector}, {rateWindow} or {service}',
      'catalog-1.yaml:7 services[0].telemetry.error_rate_pct: unknown placeholder {window}: use {selector}, {rateWindow} or {service}',
    ]);
  });

  it('says to quote a selector written as bare braces (a YAML map)', () => {
    const text = `services:
  - name: payments
    tier: 1
    telemetry:
      selector: {job="payments"}
`;
    expect(problemsOf(text)).toEqual([
      `catalog-1.yaml:5 services[0].telemetry.selector: must be a quoted string such as '{job="payments"}' (unquoted braces make a YAML map)`,
    ]);
  });

  it('refuses unknown fields at every level', () => {
    const text = `service:
  - name: x
services:
  - name: payments
    tier: 1
    dependOn: [ledger-db]
    owner: { team: team-payments, slack: U0PAYOWNER, email: pay@example.com }
    telemetry: { latency_p95_ms: 'x' }
    health: { latency: { degraded: 1 } }
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:1 service: unknown field "service"',
      'catalog-1.yaml:6 services[0].dependOn: unknown field "dependOn"',
      'catalog-1.yaml:7 services[0].owner.email: unknown field "email"',
      'catalog-1.yaml:8 services[0].telemetry.latency_p95_ms: unknown field "latency_p95_ms"',
      'catalog-1.yaml:9 services[0].health.latency: unknown field "latency"',
    ]);
  });

  it('refuses a bad or missing tier', () => {
    const text = `services:
  - { name: a, tier: 4 }
  - { name: b, tier: "1" }
  - { name: c }
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:2 services[0].tier: must be 1, 2 or 3 (1 is the most critical)',
      'catalog-1.yaml:3 services[1].tier: must be 1, 2 or 3 (1 is the most critical)',
    ]);
    expect(problemsOf('services:\n  - { name: c }\n')).toEqual([
      'catalog-1.yaml:2 services[0].tier: required: 1, 2 or 3 (1 is the most critical)',
    ]);
  });

  it('refuses bad names, Slack ids, URLs and counts', () => {
    const text = `services:
  - name: pay ments
    tier: 1
    owner: { team: '', slack: '@payments' }
    approvers: [U0OK, alice]
    runbookUrl: not a url
    instances: 0
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:2 services[0].name: must be letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit',
      'catalog-1.yaml:4 services[0].owner.team: required: the owning team',
      'catalog-1.yaml:4 services[0].owner.slack: must be a Slack user id (U…, W…) or user-group id (S…)',
      'catalog-1.yaml:5 services[0].approvers[1]: must be a Slack user id (U…, W…) or user-group id (S…)',
      'catalog-1.yaml:6 services[0].runbookUrl: Invalid URL',
      'catalog-1.yaml:7 services[0].instances: Too small: expected number to be >=1',
    ]);
  });

  it('refuses health rules that cannot judge', () => {
    const text = `services:
  - name: payments
    tier: 1
    health:
      error_rate_pct: { worseWhen: higher }
      cache_hit_pct: { degraded: 20, down: 60, worseWhen: lower }
      cpu_pct: { degraded: 90, down: 80 }
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:5 services[0].health.error_rate_pct: give a degraded threshold, a down threshold or both',
      'catalog-1.yaml:6 services[0].health.cache_hit_pct: degraded must be above down (worseWhen: lower)',
      'catalog-1.yaml:7 services[0].health.cpu_pct: degraded must be below down (higher readings are worse)',
    ]);
  });

  it('refuses a health rule on a signal whose query is dropped', () => {
    const text = `services:
  - name: search
    tier: 3
    telemetry: { latency_p99_ms: null }
    health:
      latency_p99_ms: { degraded: 500 }
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:6 services[0].health.latency_p99_ms: no query for this signal: telemetry.latency_p99_ms is null',
    ]);
  });

  it('refuses executors that are unknown, repeated, or hold a literal secret', () => {
    const text = `services:
  - { name: payments, tier: 1, executor: prod-k8s }
  - { name: search, tier: 3, executor: nowhere }
executors:
  - name: prod-k8s
    kind: kubernetes
  - name: prod-k8s
    kind: kubernetes
  - name: ledger
    kind: postgres
    password: hunter2
    credentials:
      token: { env: lower-case }
      key: { env: KEY, file: /etc/key }
      cert: {}
  - name: box
    kind: ansible
  - name: hooks
    kind: http
    tokenUrl: https://auth.internal/token
    headers: [{ name: X-Api-Key, apiKey: abc123 }]
`;
    expect(problemsOf(text)).toEqual([
      'catalog-1.yaml:11 executors[2].password: looks like a secret: put it under credentials as password: { env: NAME } or { file: path }',
      'catalog-1.yaml:13 executors[2].credentials.token.env: must be an environment variable name such as PG_PASSWORD',
      'catalog-1.yaml:14 executors[2].credentials.key: give either env (a variable name) or file (a path), not both',
      'catalog-1.yaml:15 executors[2].credentials.cert: give either env (a variable name) or file (a path), not both',
      'catalog-1.yaml:17 executors[3].kind: Invalid option: expected one of "supervisor"|"http"|"local"|"ssh"|"postgres"|"kubernetes"|"manual"',
      'catalog-1.yaml:21 executors[4].headers[0].apiKey: looks like a secret: put it under credentials as apiKey: { env: NAME } or { file: path }',
    ]);
    const valid = text.slice(0, text.indexOf('  - name: ledger'));
    expect(problemsOf(valid)).toEqual([
      'catalog-1.yaml:3 services[1].executor: unknown executor "nowhere": define it under executors:',
      'catalog-1.yaml:7 executors[1].name: duplicate executor "prod-k8s": already at catalog-1.yaml:5 executors[0].name',
    ]);
  });

  it('lists YAML syntax errors with their line, and refuses empty or multi-document Warroom files', () => {
    expect(problemsOf('services:\n  - name: a\n    tier: [1\n')).toEqual([
      'catalog-1.yaml:4: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(problemsOf(`${MINIMAL_CATALOG}services: []\n`)).toEqual([
      'catalog-1.yaml:10: YAML: Map keys must be unique',
    ]);
    const aliasBomb = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
`;
    expect(problemsOf(aliasBomb)).toEqual([
      'catalog-1.yaml: YAML: Excessive alias count indicates a resource exhaustion attack',
    ]);
    expect(problemsOf('')).toEqual(['catalog-1.yaml: empty: expected services: or Backstage entities']);
    expect(problemsOf(`${MINIMAL_CATALOG}---\nservices: []\n`)).toEqual([
      'catalog-1.yaml: a Warroom catalog file holds one YAML document (only Backstage entity files hold several)',
    ]);
    expect(problemsOf('services: []\n', 'executors: []\n')).toEqual([
      'catalog-1.yaml, catalog-2.yaml: no services: the catalog must name at least one',
    ]);
  });
});
