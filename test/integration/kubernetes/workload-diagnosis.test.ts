import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/domain/catalog/index.js';
import { catalogWorkloads } from '../../../src/kubernetes/catalog-workloads.js';
import { diagnosedIncident } from '../../support/diagnosed.js';
import { type KubeApiServer, startKubeApiServer } from '../../support/kube-api-server.js';
import { CRASH_LOOPING_POD, fixture, serveWorkloadReads } from '../../support/kube-workload-routes.js';
import { createTestRuntime } from '../../support/test-runtime.js';
import { catalogOf } from '../../unit/domain/catalog/catalog-fixtures.js';

const TOKEN = 'kube-reader-token-0123456789';
const CRASHING = 'payments-7d9f8b6c4-x2x9k';

const catalogYaml = (executor: string) => ({
  name: 'catalog.yaml',
  text: `services:
  - { name: payments, tier: 1, executor: ${executor} }
  - { name: ledger, tier: 2, executor: ${executor} }
executors:
  - name: ${executor}
    kind: kubernetes
    namespaces:
      shop: { deployments: [payments, ledger] }
`,
});

/** A local server answering as the API server, with the payments deployment's pods crash looping (OOMKilled). */
async function apiServer(
  forbidden: ReadonlyArray<'pods' | 'events' | 'pods/log'> = [],
  eventsHang = false,
): Promise<KubeApiServer> {
  const api = await startKubeApiServer(TOKEN, 'shop', [
    { name: 'payments', replicas: 2, revision: 3, image: 'payments:v3' },
    { name: 'ledger', replicas: 1, revision: 1, image: 'ledger:v1' },
  ]);
  serveWorkloadReads(api, TOKEN, 'shop', {
    pods: JSON.parse(fixture('pod-list-payments.json')),
    events: JSON.parse(fixture('event-list-shop.json')),
    logs: { [`${CRASHING}/payments/true`]: fixture('payments-previous.txt') },
    forbidden,
    eventsHang,
  });
  return api;
}

describe('diagnosis reads Kubernetes through a local server answering as the API server', () => {
  let api: KubeApiServer;
  let denied: KubeApiServer;
  let catalog: Catalog;

  beforeAll(async () => {
    [api, denied] = await Promise.all([apiServer(), apiServer(['pods'])]);
    catalog = catalogOf(catalogYaml('prod-k8s'));
  });
  afterAll(async () => {
    await Promise.all([api.close(), denied.close()]);
  });
  beforeEach(() => {
    api.server.received.length = 0;
    denied.server.received.length = 0;
  });

  it('reads pods, events and the crashed container’s previous log with GETs only, as the service account', async () => {
    const reader = catalogWorkloads(catalog, api.kubeconfigPath, 5000);
    const evidence = await reader?.read('payments', AbortSignal.timeout(10_000));
    expect(evidence).toMatchObject({
      available: true,
      service: 'payments',
      namespace: 'shop',
      deployment: 'payments',
      source: 'Kubernetes API via executor prod-k8s',
    });
    if (!evidence?.available) throw new Error('expected a read workload');
    expect(evidence.pods[0]).toEqual(CRASH_LOOPING_POD);
    expect(evidence.pods[1]).toMatchObject({ name: 'payments-7d9f8b6c4-m8p2r', ready: true, restarts: 0 });
    // Only the payments pods' events, newest first; ledger-0's OOMKilling is another workload's.
    expect(evidence.events.map((event) => `${event.type} ${event.reason} ×${event.count}`)).toEqual([
      'Warning BackOff ×14',
      'Normal Pulled ×15',
    ]);
    expect(evidence.logs).toEqual([
      {
        pod: CRASHING,
        container: 'payments',
        previous: true,
        lines: expect.arrayContaining([
          '{"level":"error","ts":"2026-12-05T21:22:50Z","msg":"java.lang.OutOfMemoryError: Java heap space"}',
        ]),
      },
    ]);
    const calls = api.calls();
    expect(calls.every((call) => call.startsWith('GET '))).toBe(true);
    expect(calls).toEqual(
      expect.arrayContaining([
        'GET /apis/apps/v1/namespaces/shop/deployments/payments',
        'GET /api/v1/namespaces/shop/pods?labelSelector=app%3Dpayments',
        'GET /api/v1/namespaces/shop/events?limit=500',
        `GET /api/v1/namespaces/shop/pods/${CRASHING}/log?container=payments&limitBytes=65536&previous=true&tailLines=20`,
      ]),
    );
    expect(calls).toHaveLength(4);
    expect(api.server.received.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(
      true,
    );
  });

  it('a service no Kubernetes executor is bound to is not read at all', async () => {
    const reader = catalogWorkloads(catalog, api.kubeconfigPath, 5000);
    expect(await reader?.read('search', AbortSignal.timeout(1000))).toBeUndefined();
    expect(api.calls()).toEqual([]);
  });

  it('a forbidden list or an unreachable API server is evidence "unavailable" with the reason, never an empty look', async () => {
    const forbidden = await catalogWorkloads(catalog, denied.kubeconfigPath, 5000)?.read(
      'payments',
      AbortSignal.timeout(10_000),
    );
    expect(forbidden).toMatchObject({ available: false });
    expect(forbidden?.available === false && forbidden.reason).toMatch(
      /^the Kubernetes API answered 403: pods is forbidden: User "system:serviceaccount:warroom:warroom" cannot list/,
    );

    const closed = await startKubeApiServer(TOKEN, 'shop', []);
    const path = closed.kubeconfigPath;
    const gone = catalogOf(catalogYaml('gone-k8s'));
    const reader = catalogWorkloads(gone, path, 5000);
    await closed.server.close();
    const unreachable = await reader?.read('payments', AbortSignal.timeout(10_000));
    await closed.close().catch(() => undefined);
    expect(unreachable).toMatchObject({ available: false, source: 'Kubernetes API via executor gone-k8s' });
    expect(unreachable?.available === false && unreachable.reason).toMatch(
      /^the Kubernetes API could not be reached \(ECONNREFUSED\)/,
    );
  });

  /** An alert incident on payments, diagnosed by a crew that reads Kubernetes through `kubeconfigPath`. */
  async function diagnosePayments(kubeconfigPath: string) {
    const runtime = createTestRuntime({
      catalog,
      workloads: catalogWorkloads(catalog, kubeconfigPath, 5000),
    });
    try {
      runtime.startIncidentWorker({ concurrency: 8 });
      return await diagnosedIncident(runtime, 'payments', 'BackOff on workload shop/payments');
    } finally {
      await runtime.dispose();
    }
  }

  it('an API server that does not answer in time is "unavailable" too, within the read budget', async () => {
    const hanging = await apiServer([], true);
    try {
      // The caller's signal never aborts: only the reader's own 300 ms budget can end the read.
      const evidence = await catalogWorkloads(catalog, hanging.kubeconfigPath, 300)?.read(
        'payments',
        new AbortController().signal,
      );
      expect(evidence).toMatchObject({
        available: false,
        reason: 'the Kubernetes API did not answer in time',
      });
    } finally {
      await hanging.close();
    }
  });

  it('an incident on the service: compute reads the crash loop and the RCA shows it with its source', async () => {
    const ticket = await diagnosePayments(api.kubeconfigPath);
    expect(ticket.status).not.toBe('False_Positive');
    expect(ticket.rca).toMatchObject({ rootService: 'payments', fault: 'crash' });
    expect(ticket.rca?.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^kubernetes shop\/payments \(Kubernetes API via executor prod-k8s\), read .*: 2 pod\(s\), 1 not ready, 14 restart\(s\)$/,
        ),
        `kubernetes shop/payments: pod ${CRASHING} Running, not ready, 14 restarts, waiting CrashLoopBackOff, last terminated OOMKilled (exit 137) at 2026-12-05T21:22:51.000Z`,
        expect.stringMatching(
          /^kubernetes shop\/payments: event Warning BackOff ×14 on Pod\/payments-7d9f8b6c4-x2x9k/,
        ),
        expect.stringMatching(
          /log of payments-7d9f8b6c4-x2x9k\/payments \(previous instance.*OutOfMemoryError/,
        ),
      ]),
    );
  });

  it('an incident whose workload cannot be read: the RCA says Kubernetes is unavailable and why', async () => {
    const ticket = await diagnosePayments(denied.kubeconfigPath);
    expect(ticket.status).not.toBe('False_Positive');
    expect(ticket.rca?.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^kubernetes shop\/payments \(Kubernetes API via executor prod-k8s\): unavailable: the Kubernetes API answered 403: pods is forbidden/,
        ),
      ]),
    );
    expect(ticket.rca?.evidence.join('\n')).not.toMatch(/0 not ready|healthy/);
  });
});
