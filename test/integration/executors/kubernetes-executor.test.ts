import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExecutor } from '../../../src/executors/create-executor.js';
import { kubernetesExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import type { Executor } from '../../../src/executors/port.js';
import { type KubeApiServer, startKubeApiServer } from '../../support/kube-api-server.js';
import { writeKubeconfig } from '../../support/kubeconfig.js';
import { renderStep } from '../../support/runbook-step.js';

const TOKEN = 'kube-sa-token-0123456789abcdef';
const SHOP = '/apis/apps/v1/namespaces/shop';

const step = (operation: string, extra: Record<string, unknown> = {}) => ({
  kind: 'kubernetes',
  operation,
  namespace: '{{namespace}}',
  deployment: '{{deployment}}',
  ...extra,
});
const params = {
  namespace: { type: 'string', pattern: '^[a-z0-9-]{1,63}$' },
  deployment: { type: 'string', pattern: '^[a-z0-9-]{1,63}$' },
  replicas: { type: 'integer', min: 0, max: 20, default: 2 },
  pod: { type: 'string', pattern: '^[a-z0-9-]{1,63}$', default: 'none' },
  container: { type: 'string', pattern: '^[a-z0-9-]{1,63}$', default: 'payments' },
  version: { type: 'string', pattern: '^[0-9A-Za-z.;-]{1,40}$', default: 'v4' },
};
const on = (deployment: string, extra: Record<string, unknown> = {}) => ({
  namespace: 'shop',
  deployment,
  ...extra,
});

describe('kubernetes executor against a local server answering as the API server', () => {
  let api: KubeApiServer;
  let kube: Executor;

  beforeAll(async () => {
    api = await startKubeApiServer(TOKEN, 'shop', [
      { name: 'payments', replicas: 3, revision: 3, image: 'payments:v3' },
      { name: 'ledger', replicas: 1, revision: 5, image: 'ledger:v5', paused: true },
      { name: 'search', replicas: 2, revision: 1, image: 'search:v1', stallsWrites: true },
    ]);
    const config = kubernetesExecutorConfigSchema.parse({
      name: 'prod-k8s',
      kind: 'kubernetes',
      namespaces: { shop: { deployments: ['payments', 'ledger', 'search'] } },
      timeoutMs: 1000,
    });
    kube = createExecutor(config, {}, { allowLocalCommands: false, kubeconfigPath: api.kubeconfigPath });
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(() => {
    api.server.received.length = 0;
  });

  it('rollout restart: a strategic merge patch of restartedAt, sent first with dryRun=All, as warroom', async () => {
    const action = renderStep(step('restart'), params, on('payments'));
    const dry = await kube.dryRun(action);
    expect(dry).toMatchObject({
      outcome: 'ok',
      mode: 'dry-run',
      httpStatus: 200,
      before: { replicas: 3, revision: 3, paused: false },
    });
    expect(api.calls()).toEqual([
      `GET ${SHOP}/deployments/payments`,
      `PATCH ${SHOP}/deployments/payments?dryRun=All&fieldManager=warroom`,
    ]);
    const patch = api.server.received[1];
    expect(patch?.headers['content-type']).toBe('application/strategic-merge-patch+json');
    expect(patch?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const body = JSON.parse(patch?.body ?? '{}');
    const restartedAt = body.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'];
    expect(restartedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(dry.output).toContain(
      'PATCH /apis/apps/v1/namespaces/shop/deployments/payments?dryRun=All&fieldManager=warroom',
    );
    expect(api.deployments.get('payments')?.spec.template.metadata.annotations).toBeUndefined();

    api.server.received.length = 0;
    const applied = await kube.apply(action);
    expect(applied).toMatchObject({ outcome: 'ok', mode: 'apply', httpStatus: 200 });
    expect(api.calls()).toEqual([
      `GET ${SHOP}/deployments/payments`,
      `PATCH ${SHOP}/deployments/payments?dryRun=All&fieldManager=warroom`,
      `PATCH ${SHOP}/deployments/payments?fieldManager=warroom`,
      `GET ${SHOP}/deployments/payments`,
    ]);
    expect(api.deployments.get('payments')?.spec.template.metadata.annotations).toHaveProperty([
      'kubectl.kubernetes.io/restartedAt',
    ]);
  });

  it('set image: a strategic merge patch of one container by name, dry run first; an unknown container or a bad reference is refused; its rollback undoes to the revision before', async () => {
    const action = renderStep(
      step('set-image', { container: '{{container}}', image: 'registry.example.com/payments:{{version}}' }),
      params,
      on('payments'),
    );
    const dry = await kube.dryRun(action);
    expect(dry).toMatchObject({ outcome: 'ok', httpStatus: 200 });
    expect(dry.action).toBe(
      'kubernetes prod-k8s: set image payments=registry.example.com/payments:v4 deployment shop/payments',
    );
    const sent = JSON.parse(api.server.received[1]?.body ?? '{}');
    expect(sent).toEqual({
      spec: {
        template: { spec: { containers: [{ name: 'payments', image: 'registry.example.com/payments:v4' }] } },
      },
    });
    expect(api.server.received[1]?.headers['content-type']).toBe('application/strategic-merge-patch+json');
    const image = () => {
      const template = api.deployments.get('payments')?.spec.template.spec as
        | { containers: Array<{ image: string }> }
        | undefined;
      return template?.containers[0]?.image;
    };
    expect(image()).toBe('payments:v3');
    const applied = await kube.apply(action);
    expect(applied).toMatchObject({ outcome: 'ok', mode: 'apply' });
    expect(image()).toBe('registry.example.com/payments:v4');

    api.server.received.length = 0;
    const unknown = await kube.apply(
      renderStep(step('set-image', { container: 'sidecar', image: 'payments:v5' }), params, on('payments')),
    );
    expect(unknown).toMatchObject({
      outcome: 'failed',
      reason: 'deployment shop/payments has no container sidecar',
    });
    expect(api.calls()).toEqual([`GET ${SHOP}/deployments/payments`]);
    expect(() =>
      renderStep(step('set-image', { container: 'payments', image: 'payments:{{version}}' }), params, {
        ...on('payments'),
        version: '.x',
      }),
    ).toThrow(/is not a container image reference/);

    const undone = await kube.rollback(action, applied);
    expect(undone).toMatchObject({ outcome: 'ok', mode: 'rollback' });
    expect(image()).toBe('payments:v2');
  });

  it('refuses to restart or undo a paused deployment, after reading it and before any write', async () => {
    for (const operation of ['restart', 'undo']) {
      api.server.received.length = 0;
      const result = await kube.apply(renderStep(step(operation), params, on('ledger')));
      expect(result).toMatchObject({ outcome: 'failed', before: { paused: true } });
      expect(result.reason).toMatch(/^deployment shop\/ledger is paused: resume it before a /);
      expect(api.calls()).toEqual([`GET ${SHOP}/deployments/ledger`]);
    }
  });

  it('scale: a merge patch of the /scale subresource; its rollback scales back to what it was', async () => {
    const action = renderStep(
      step('scale', { replicas: '{{replicas}}' }),
      params,
      on('payments', { replicas: 6 }),
    );
    const applied = await kube.apply(action);
    expect(applied).toMatchObject({ outcome: 'ok', before: { replicas: 3 }, after: { replicas: 6 } });
    const scalePatches = api.server.received.filter((request) => request.url.includes('/scale'));
    expect(
      scalePatches.map((request) => [
        request.method,
        request.url,
        request.headers['content-type'],
        request.body,
      ]),
    ).toEqual([
      [
        'PATCH',
        `${SHOP}/deployments/payments/scale?dryRun=All&fieldManager=warroom`,
        'application/merge-patch+json',
        '{"spec":{"replicas":6}}',
      ],
      [
        'PATCH',
        `${SHOP}/deployments/payments/scale?fieldManager=warroom`,
        'application/merge-patch+json',
        '{"spec":{"replicas":6}}',
      ],
    ]);
    const undone = await kube.rollback(action, applied);
    expect(undone).toMatchObject({ outcome: 'ok', mode: 'rollback', after: { replicas: 3 } });
  });

  it("rollout undo: the previous revision's pod template, without its hash label, as a JSON patch", async () => {
    await kube.apply(renderStep(step('undo'), params, on('payments')));
    expect(api.calls()).toEqual([
      `GET ${SHOP}/deployments/payments`,
      `GET ${SHOP}/replicasets?labelSelector=app%3Dpayments`,
      `PATCH ${SHOP}/deployments/payments?dryRun=All&fieldManager=warroom`,
      `PATCH ${SHOP}/deployments/payments?fieldManager=warroom`,
      `GET ${SHOP}/deployments/payments`,
    ]);
    const patch = api.server.received[3];
    expect(patch?.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(patch?.body ?? '[]')).toEqual([
      {
        op: 'replace',
        path: '/spec/template',
        value: {
          metadata: { labels: { app: 'payments' } },
          spec: { containers: [{ name: 'payments', image: 'payments:v2' }] },
        },
      },
    ]);
  });

  it("deletes one of the deployment's pods (dry run first), and refuses a pod of another workload", async () => {
    const pod = (name: string) =>
      renderStep(step('delete-pod', { pod: '{{pod}}' }), params, on('payments', { pod: name }));
    expect(await kube.apply(pod('payments-7d9f8b6c4-x2x9k'))).toMatchObject({ outcome: 'ok' });
    expect(api.calls().filter((call) => call.startsWith('DELETE'))).toEqual([
      'DELETE /api/v1/namespaces/shop/pods/payments-7d9f8b6c4-x2x9k?dryRun=All',
      'DELETE /api/v1/namespaces/shop/pods/payments-7d9f8b6c4-x2x9k',
    ]);
    api.server.received.length = 0;
    const foreign = await kube.apply(pod('ledger-0'));
    expect(foreign).toMatchObject({
      outcome: 'failed',
      reason: "pod shop/ledger-0 is not one of deployment payments's pods",
    });
    expect(api.calls().some((call) => call.startsWith('DELETE'))).toBe(false);
  });

  it('refuses namespaces and deployments the config does not name, before any request', async () => {
    for (const target of [{ namespace: 'kube-system', deployment: 'coredns' }, on('checkout')]) {
      const result = await kube.apply(renderStep(step('restart'), params, target));
      expect(result.outcome).toBe('failed');
      expect(result.reason).toMatch(/is not one this executor may touch$/);
      expect((await kube.check(renderStep(step('restart'), params, target))).outcome).toBe('failed');
    }
    expect(api.calls()).toEqual([]);
  });

  it("check reads the deployment's status: replicas, updated, available, paused, revision", async () => {
    const checked = await kube.check(renderStep(step('restart'), params, on('ledger')));
    expect(checked).toMatchObject({
      outcome: 'ok',
      mode: 'check',
      after: { replicas: 1, updated: 1, available: 1, paused: true, revision: 5 },
    });
    expect(api.calls()).toEqual([`GET ${SHOP}/deployments/ledger`]);
  });

  it('fails without writing when the API server refuses the dry run', async () => {
    const result = await kube.apply(renderStep(step('scale', { replicas: 60 }), params, on('payments')));
    expect(result).toMatchObject({ outcome: 'failed', httpStatus: 403 });
    expect(result.reason).toContain('admission webhook "quota.example.com" denied the request');
    expect(api.calls()).toEqual([
      `GET ${SHOP}/deployments/payments`,
      `PATCH ${SHOP}/deployments/payments/scale?dryRun=All&fieldManager=warroom`,
    ]);
  });

  it('answers unknown when a write times out after it left: the change may have been stored', async () => {
    const result = await kube.apply(renderStep(step('restart'), params, on('search')));
    expect(result).toMatchObject({
      outcome: 'unknown',
      reason: 'timed out after 1000 ms',
      before: { replicas: 2 },
    });
    expect(api.calls()).toEqual([
      `GET ${SHOP}/deployments/search`,
      `PATCH ${SHOP}/deployments/search?dryRun=All&fieldManager=warroom`,
      `PATCH ${SHOP}/deployments/search?fieldManager=warroom`,
    ]);
    // The server did store it: why the result says unknown, not failed.
    expect(api.deployments.get('search')?.spec.template.metadata.annotations).toHaveProperty([
      'kubectl.kubernetes.io/restartedAt',
    ]);
  });

  it('fails on a refused token or an unreachable server, never showing the token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'warroom-kube-test-'));
    const config = kubernetesExecutorConfigSchema.parse({
      name: 'prod-k8s',
      kind: 'kubernetes',
      namespaces: { shop: { deployments: ['payments'] } },
    });
    const executorFor = async (url: string, token: string) =>
      createExecutor(
        config,
        {},
        { allowLocalCommands: false, kubeconfigPath: writeKubeconfig(dir, url, token) },
      );
    try {
      const restart = renderStep(step('restart'), params, on('payments'));
      const refused = await (await executorFor(api.server.url, 'stale-token-9876543210')).apply(restart);
      expect(refused).toMatchObject({ outcome: 'failed', httpStatus: 401 });
      expect(refused.reason).toBe(`GET ${SHOP}/deployments/payments: 401 Unauthorized`);
      const unreachable = await (await executorFor('http://127.0.0.1:1', TOKEN)).apply(restart);
      expect(unreachable).toMatchObject({ outcome: 'failed', reason: '127.0.0.1:1: ECONNREFUSED' });
      expect(api.calls()).toEqual([`GET ${SHOP}/deployments/payments`]);
      for (const result of [refused, unreachable])
        expect(JSON.stringify(result)).not.toMatch(/stale-token|kube-sa-token/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
