import { describe, expect, it } from 'vitest';
import { exampleRunbookFiles, problemsOf, runbooksOf } from './example-estate.js';

const file = (text: string) => [{ name: 'runbooks.yaml', text }];

describe('runbook files checked against the catalog', () => {
  it('accepts the shipped examples (supervisor, http, local and manual steps)', () => {
    const runbooks = runbooksOf(exampleRunbookFiles());
    expect(runbooks.map((runbook) => runbook.id)).toEqual([
      'flush-session-cache',
      'free-disk',
      'nightly-ledger-backup',
      'restart-fraud-check',
    ]);
    const kinds = runbooks.flatMap((runbook) => runbook.steps.map((step) => step.executorKind));
    expect(new Set(kinds)).toEqual(new Set(['supervisor', 'http', 'local', 'manual']));
    const restart = runbooks.find((runbook) => runbook.id === 'restart-fraud-check');
    expect(restart?.steps[0]).toMatchObject({ approval: 'plan', timeoutSeconds: 60, rollback: 'previous' });
    expect(restart?.source).toBe('restart-fraud-check.yaml:2');
  });

  it('lists every problem with its file, line and path', () => {
    const text = `runbooks:
  - id: fix-payments
    title: Fix payments
    matches: { services: [payments, ledgr], faults: [crash, meltdown] }
    params:
      program: { type: string }
      count: { type: integer, default: 2 }
    steps:
      - id: restart
        title: Restart
        executor: lab-supervisor
        action: { kind: supervisor, operation: restart, program: "{{prog}}" }
        risk: low
      - id: restart
        title: Again
        executor: nowhere
        action: { kind: manual, instruction: call someone }
        risk: extreme
  - id: fix-payments
    title: Twice
    matches: { alerts: [PaymentsDown] }
    steps:
      - id: k8s
        title: Roll back
        executor: prod-k8s
        action: { kind: manual, instruction: roll back }
        risk: high
      - id: wrong-kind
        title: Wrong kind
        executor: ops-automation
        action: { kind: local, command: ["{{tool}}", run] }
        risk: low
`;
    expect(problemsOf(file(text))).toEqual([
      'runbooks.yaml:4 runbooks[0].matches.faults[1]: Invalid option: expected one of "crash"|"slow"|"bad_config"|"memory_leak"|"dependency_down"|"web_5xx"|"disk_full"|"network_partition"|"cache_stampede"',
      'runbooks.yaml:18 runbooks[0].steps[1].risk: Invalid option: expected one of "low"|"medium"|"high"',
    ]);
    const structurallyValid = text.replace(', meltdown', '').replace('extreme', 'high');
    expect(problemsOf(file(structurallyValid))).toEqual([
      'runbooks.yaml:4 runbooks[0].matches.services[1]: unknown service "ledgr": not in the catalog',
      'runbooks.yaml:6 runbooks[0].params.program: a string param needs either `allowed` or `pattern` (one of them)',
      'runbooks.yaml:12 runbooks[0].steps[0].action: {{prog}} names no param of this runbook',
      'runbooks.yaml:14 runbooks[0].steps[1].id: duplicate step id "restart"',
      'runbooks.yaml:16 runbooks[0].steps[1].executor: unknown executor "nowhere": define it under the catalog\'s executors:',
      'runbooks.yaml:19 runbooks[1].id: duplicate runbook id "fix-payments": already at runbooks.yaml:2 runbooks[0].id',
    ]);
    const renamed = structurallyValid.replace(
      'id: fix-payments\n    title: Twice',
      'id: payments-rollback\n    title: Twice',
    );
    expect(problemsOf(file(renamed)).slice(-4)).toEqual([
      'runbooks.yaml:26 runbooks[1].steps[0].action.kind: a manual action cannot run on prod-k8s, a kubernetes executor',
      'runbooks.yaml:31 runbooks[1].steps[1].action.kind: a local action cannot run on ops-automation, a http executor',
      'runbooks.yaml:31 runbooks[1].steps[1].action: {{tool}} names no param of this runbook',
      'runbooks.yaml:31 runbooks[1].steps[1].action.command[0]: the program of a command is fixed: it takes no placeholder',
    ]);
  });

  it('refuses a runbook that matches nothing, unknown fields and an empty file', () => {
    const text = `id: vague
title: Vague
matches: {}
steps:
  - { id: a, title: A, executor: on-call-human, action: { kind: manual, instruction: look }, risk: low, owner: me }
`;
    expect(problemsOf([...file(text), { name: 'empty.yaml', text: '' }])).toEqual([
      'runbooks.yaml:3 matches: name at least one service, fault or alert',
      'runbooks.yaml:5 steps[0].owner: unknown field "owner"',
      'empty.yaml: empty: expected a runbook',
    ]);
  });
});
