import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { faultOfEvent } from '../../../src/domain/kubernetes-fault.js';
import { normalizeKubernetes } from '../../../src/ingest/normalizers/kubernetes.js';
import { workloadOf } from '../../../src/ingest/normalizers/kubernetes-workload.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/kubernetes/${name}`, import.meta.url), 'utf8'));
const context = { receivedAt: '2026-12-05T21:30:00.000Z' };

describe('workloadOf', () => {
  it.each([
    ['Pod', 'payments-7d9f8b6c4-x2x9k', 'payments'],
    ['Pod', 'payments-0', 'payments'],
    ['Pod', 'node-exporter-4x7kq', 'node-exporter'],
    ['Pod', 'web-proxy', 'web-proxy'],
    ['Pod', 'api-gateway-canary', 'api-gateway-canary'],
    ['ReplicaSet', 'payments-7d9f8b6c4', 'payments'],
    ['Deployment', 'payments-v2', 'payments-v2'],
  ])('%s %s belongs to %s', (kind, name, workload) => {
    expect(workloadOf(kind, name)).toBe(workload);
  });

  it('prefers the owner reference to the name', () => {
    expect(workloadOf('Pod', 'odd-name', { kind: 'ReplicaSet', name: 'checkout-5f6d7c8b9' })).toBe(
      'checkout',
    );
    expect(workloadOf('Pod', 'odd-name', { kind: 'StatefulSet', name: 'kafka' })).toBe('kafka');
  });
});

describe('faultOfEvent', () => {
  it.each([
    ['OOMKilling', 'Memory cgroup out of memory', 'memory_leak'],
    ['BackOff', 'Back-off restarting failed container', 'crash'],
    ['BackOff', 'Back-off pulling image "registry/app:v9"', 'bad_config'],
    ['FailedMount', 'configmap "x" not found', 'bad_config'],
    ['FailedMount', 'mkdir /var/lib/kubelet: no space left on device', 'disk_full'],
    ['Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'web_5xx'],
    ['FailedScheduling', '0/3 nodes are available', undefined],
  ])('%s (%s) → %s', (reason, message, fault) => {
    expect(faultOfEvent(reason, message)).toBe(fault);
  });
});

describe('normalizeKubernetes', () => {
  it('turns a Warning event into one alert keyed by namespace, workload and reason', () => {
    const [first] = normalizeKubernetes(fixture('backoff-count-1.json'), context);
    const [later] = normalizeKubernetes(fixture('backoff-count-14.json'), context);
    expect(first).toMatchObject({
      source: 'kubernetes',
      status: 'firing',
      system: 'payments',
      severity: 'sev2',
      startsAt: '2026-12-05T21:14:03.000Z',
      labels: { namespace: 'shop', workload: 'payments', reason: 'BackOff', fault: 'crash' },
      annotations: { count: '1' },
    });
    expect(later?.annotations.count).toBe('14');
    expect(later?.fingerprint).toBe(first?.fingerprint);
  });

  it('ignores Normal events', () => {
    expect(normalizeKubernetes(fixture('normal-scheduled.json'), context)).toEqual([]);
  });

  it('resolves the service through the injected lookup, keeping the workload when it is unknown', () => {
    const resolveService = (name: string) => (name === 'ledger' ? 'ledger-db' : undefined);
    expect(normalizeKubernetes(fixture('oomkilling.json'), { ...context, resolveService })[0]?.system).toBe(
      'ledger-db',
    );
    expect(normalizeKubernetes(fixture('failedmount.json'), { ...context, resolveService })[0]?.system).toBe(
      'reports',
    );
  });

  it('the catalog binding of namespace and workload comes first, then the labels and names', () => {
    const resolveWorkload = (namespace: string, workload: string) =>
      namespace === 'shop' && workload === 'payments' ? 'checkout-payments' : undefined;
    const resolveService = (name: string) => (name === 'payments' ? 'payments-api' : undefined);
    const bound = { ...context, resolveService, resolveWorkload };
    expect(normalizeKubernetes(fixture('backoff-count-6.json'), bound)[0]?.system).toBe('checkout-payments');
    // ledger-0 in shop is not bound: its label names it, as before.
    expect(normalizeKubernetes(fixture('oomkilling.json'), bound)[0]?.system).toBe('ledger');
    expect(
      normalizeKubernetes(fixture('backoff-count-6.json'), { ...context, resolveService })[0]?.system,
    ).toBe('payments-api');
  });
});
