import { describe, expect, it } from 'vitest';
import { previousTemplate } from '../../../src/executors/kubernetes/deployment-state.js';
import { shellQuote } from '../../../src/executors/ssh/shell-quote.js';
import { renderStep, tryStep } from '../../support/runbook-step.js';

const text = { type: 'string', pattern: '^[^\\n]{1,80}$' };

describe('rendering ssh, postgres and kubernetes steps', () => {
  it('quotes each ssh value as one shell word, quotes inside included', () => {
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    const action = renderStep(
      { kind: 'ssh', command: 'echo {{a}} {{b}}' },
      { a: text, b: text },
      { a: 'x y', b: `'"` },
    );
    expect(action).toEqual({ kind: 'ssh', command: `echo 'x y' ''\\''"'` });
  });

  it('refuses an ssh value that would chain commands, before any quoting', () => {
    const refused = tryStep({ kind: 'ssh', command: 'echo {{a}}' }, { a: text }, { a: 'x; reboot' });
    expect(refused).toEqual({ ok: false, reason: 'param a: the value contains `;`' });
  });

  it('turns each postgres param into one bind parameter, reused where it repeats', () => {
    const action = renderStep(
      { kind: 'postgres', statement: 'SELECT {{a}}, {{b}}, {{a}}', check: 'SELECT {{b}}' },
      { a: { type: 'integer' }, b: text },
      { a: 7, b: "o'brien" },
    );
    expect(action).toEqual({
      kind: 'postgres',
      statement: { text: 'SELECT $1, $2, $1', values: [7, "o'brien"] },
      check: { text: 'SELECT $1', values: ["o'brien"] },
    });
  });

  it('refuses kubernetes names and replica counts the API would not take', () => {
    const step = {
      kind: 'kubernetes',
      operation: 'scale',
      namespace: 'shop',
      deployment: '{{d}}',
      replicas: '{{r}}',
    };
    expect(tryStep(step, { d: text, r: text }, { d: 'Payments', r: '2' })).toEqual({
      ok: false,
      reason: '"Payments" is not a Kubernetes object name',
    });
    expect(tryStep(step, { d: text, r: text }, { d: 'payments', r: 'two' })).toEqual({
      ok: false,
      reason: 'replicas "two" is not a count',
    });
    expect(renderStep(step, { d: text, r: { type: 'integer' } }, { d: 'payments', r: 3 })).toEqual({
      kind: 'kubernetes',
      operation: 'scale',
      namespace: 'shop',
      deployment: 'payments',
      replicas: 3,
    });
  });
});

describe('previousTemplate', () => {
  const deployment = (revision: number) => ({
    metadata: { uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': String(revision) } },
  });
  const replicaSet = (revision: number, owner = 'd1') => ({
    metadata: {
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [{ uid: owner }],
    },
    spec: {
      template: {
        metadata: { labels: { app: 'a', 'pod-template-hash': `h${revision}` } },
        spec: { v: revision },
      },
    },
  });

  it("takes the newest revision below the current one among the deployment's own ReplicaSets", () => {
    const list = {
      items: [replicaSet(1), replicaSet(4), replicaSet(3, 'someone-else'), replicaSet(2), replicaSet(5)],
    };
    expect(previousTemplate(deployment(4), list)).toEqual({
      revision: 2,
      template: { metadata: { labels: { app: 'a' } }, spec: { v: 2 } },
    });
  });

  it('finds nothing on a first revision', () => {
    expect(previousTemplate(deployment(1), { items: [replicaSet(1)] })).toBeUndefined();
  });
});
