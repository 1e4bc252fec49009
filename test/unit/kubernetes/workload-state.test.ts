import { describe, expect, it } from 'vitest';
import { workloadBinding, workloadServices } from '../../../src/kubernetes/workload-binding.js';
import {
  crashingContainers,
  podStates,
  tailLines,
  workloadEvents,
} from '../../../src/kubernetes/workload-state.js';
import { CRASH_LOOPING_POD, fixture, READY_POD } from '../../support/kube-workload-routes.js';
import { catalogOf } from '../domain/catalog/catalog-fixtures.js';

const pods = JSON.parse(fixture('pod-list-payments.json')).items;
const events = JSON.parse(fixture('event-list-shop.json')).items;

describe('pods and events as the API server lists them, turned into evidence', () => {
  it('reads phase, readiness, restarts, the waiting reason and the last termination; worst pod first', () => {
    const states = podStates([...pods].reverse());
    expect(states.map((pod) => pod.name)).toEqual(['payments-7d9f8b6c4-x2x9k', 'payments-7d9f8b6c4-m8p2r']);
    expect(states[0]).toEqual(CRASH_LOOPING_POD);
    expect(states[1]).toEqual(READY_POD);
  });

  it('takes client-node models too: their timestamps are Dates', () => {
    const [pod] = podStates([
      {
        metadata: { name: 'web-0' },
        status: {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'web',
              restartCount: 1,
              state: { waiting: { reason: 'CreateContainerConfigError' } },
              lastState: {
                terminated: { reason: 'Error', exitCode: 1, finishedAt: new Date('2026-12-05T10:00:00Z') },
              },
            },
          ],
        },
      },
    ]);
    expect(pod).toMatchObject({
      phase: 'Pending',
      ready: false,
      waiting: 'CreateContainerConfigError',
      lastTermination: { reason: 'Error', exitCode: 1, finishedAt: '2026-12-05T10:00:00.000Z' },
    });
  });

  it('a pod with no container status yet is not ready and has no termination', () => {
    expect(podStates([{ metadata: { name: 'x' }, status: { phase: 'Pending' } }])[0]).toEqual({
      name: 'x',
      phase: 'Pending',
      ready: false,
      restarts: 0,
      waiting: null,
      lastTermination: null,
    });
  });

  it('reads the previous log of a restarted container, the current one of a container that just ended', () => {
    expect(crashingContainers(pods, 2)).toEqual([
      { pod: 'payments-7d9f8b6c4-x2x9k', container: 'payments', previous: true },
    ]);
    const ended = {
      metadata: { name: 'job-1' },
      status: {
        containerStatuses: [{ name: 'main', restartCount: 0, state: { terminated: { reason: 'Error' } } }],
      },
    };
    expect(crashingContainers([ended], 2)).toEqual([{ pod: 'job-1', container: 'main', previous: false }]);
    expect(crashingContainers([ended, ...pods], 1)).toEqual([
      { pod: 'payments-7d9f8b6c4-x2x9k', container: 'payments', previous: true },
    ]);
  });

  it('keeps only the workload’s events, newest first, with their counts', () => {
    expect(workloadEvents(events, 'payments', ['payments-7d9f8b6c4-x2x9k'], 10)).toEqual([
      {
        at: '2026-12-05T21:22:57.000Z',
        type: 'Warning',
        reason: 'BackOff',
        object: 'Pod/payments-7d9f8b6c4-x2x9k',
        message:
          'Back-off restarting failed container payments in pod payments-7d9f8b6c4-x2x9k_shop(0e4b5a77-9c1d-4f5e-8a2b-6d3c1f0e9b88)',
        count: 14,
      },
      expect.objectContaining({ type: 'Normal', reason: 'Pulled', count: 15 }),
    ]);
    expect(workloadEvents(events, 'ledger', [], 10).map((event) => event.reason)).toEqual([]);
    expect(workloadEvents(events, 'ledger', ['ledger-0'], 10).map((event) => event.reason)).toEqual([
      'OOMKilling',
    ]);
    expect(workloadEvents(events, 'payments', [], 1)).toHaveLength(1);
    // A pod of the deployment already gone, and a ReplicaSet of it: theirs too; `pay` is another deployment.
    const about = (kind: string, name: string) => ({ ...events[0], involvedObject: { kind, name } });
    const more = [about('Pod', 'payments-5b8c7d9f4-k2j4h'), about('ReplicaSet', 'payments-5b8c7d9f4')];
    expect(workloadEvents(more, 'payments', [], 10).map((event) => event.object)).toEqual([
      'Pod/payments-5b8c7d9f4-k2j4h',
      'ReplicaSet/payments-5b8c7d9f4',
    ]);
    expect(workloadEvents([...events, ...more], 'pay', [], 10)).toEqual([]);
  });

  it('tails a log without blank lines', () => {
    expect(tailLines('a\n\nb\nc\n', 2)).toEqual(['b', 'c']);
  });

  it('masks credentials a crashing container printed before the line is clipped', () => {
    const token = 'ghp_0123456789abcdefghijklmnopqrstuvwxyz';
    const [line] = tailLines(`${'x'.repeat(290)} DB_PASSWORD=hunter2-prod token ${token}\n`, 1);
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain('ghp_0123');
    expect(line?.length).toBeLessThanOrEqual(300);
  });
});

describe('which deployment a catalog service is', () => {
  const catalog = catalogOf({
    name: 'c.yaml',
    text: `services:
  - { name: payments, tier: 1, executor: prod-k8s }
  - { name: checkout-web, aliases: [checkout], tier: 1, executor: prod-k8s }
  - { name: search, tier: 3, executor: search-k8s }
  - { name: billing, tier: 2, executor: prod-k8s }
  - { name: ledger-db, tier: 1, executor: ledger-pg }
  - { name: docs, tier: 3 }
executors:
  - { name: prod-k8s, kind: kubernetes, namespaces: { shop: { deployments: [payments, checkout] }, pay: { deployments: [payments] } } }
  - { name: search-k8s, kind: kubernetes, namespaces: { search: { deployments: [search-api] } } }
  - { name: ledger-pg, kind: postgres, host: db.internal, database: ledger, user: ops }
`,
  });

  it('the deployment named as the service or an alias; the only one listed; else it says why not', () => {
    expect(workloadBinding(catalog, 'checkout')).toEqual({
      bound: true,
      binding: { service: 'checkout-web', executor: 'prod-k8s', namespace: 'shop', deployment: 'checkout' },
    });
    expect(workloadBinding(catalog, 'search')).toMatchObject({
      bound: true,
      binding: { namespace: 'search', deployment: 'search-api' },
    });
    expect(workloadBinding(catalog, 'payments')).toEqual({
      bound: false,
      service: 'payments',
      executor: 'prod-k8s',
      reason: 'executor prod-k8s lists several deployments named payments',
    });
    expect(workloadBinding(catalog, 'billing')).toMatchObject({
      bound: false,
      reason: 'executor prod-k8s lists no single deployment named billing',
    });
  });

  it('a service on another kind of executor, with none, or unknown is not bound', () => {
    expect(workloadBinding(catalog, 'ledger-db')).toBeUndefined();
    expect(workloadBinding(catalog, 'docs')).toBeUndefined();
    expect(workloadBinding(catalog, 'nope')).toBeUndefined();
  });

  it('names the service of a namespace and deployment, for Kubernetes events', () => {
    const serviceOf = workloadServices(catalog);
    expect(serviceOf('shop', 'checkout')).toBe('checkout-web');
    expect(serviceOf('search', 'search-api')).toBe('search');
    expect(serviceOf('shop', 'payments')).toBeUndefined();
    expect(serviceOf('other', 'checkout')).toBeUndefined();
  });
});
