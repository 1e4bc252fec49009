import { readFileSync } from 'node:fs';
import type { PodState } from '../../src/domain/workload-evidence.js';
import { json } from './automation-server.js';
import { type KubeApiServer, status } from './kube-api-server.js';

/**
 * The read side of the local API server: the pod list (by label selector), the namespace's event
 * list and a container's log (`text/plain`, `tailLines`, `previous`), answering with the response
 * shapes the real API server gives (fixtures in test/fixtures/kubernetes/api). A resource named in
 * `forbidden` answers 403 as RBAC does.
 */
export interface FakeWorkloadReads {
  /** PodList JSON. */
  pods: { items: Array<{ metadata: { name: string; labels?: Record<string, string> } }> };
  /** EventList JSON. */
  events: { items: unknown[] };
  /** `pod/container/previous` → log text. */
  logs: Record<string, string>;
  forbidden?: ReadonlyArray<'pods' | 'events' | 'pods/log'>;
  /** The event list is never answered: an API server that hangs. */
  eventsHang?: boolean;
}

const FIXTURES = new URL('../fixtures/kubernetes/api/', import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** The healthy pod of pod-list-payments.json. */
export const READY_POD: PodState = {
  name: 'payments-7d9f8b6c4-m8p2r',
  phase: 'Running',
  ready: true,
  restarts: 0,
  waiting: null,
  lastTermination: null,
};

/** The crash-looping pod of pod-list-payments.json, as the crew reads it. */
export const CRASH_LOOPING_POD: PodState = {
  name: 'payments-7d9f8b6c4-x2x9k',
  phase: 'Running',
  ready: false,
  restarts: 14,
  waiting: 'CrashLoopBackOff',
  lastTermination: {
    container: 'payments',
    reason: 'OOMKilled',
    exitCode: 137,
    finishedAt: '2026-12-05T21:22:51.000Z',
  },
};

export function serveWorkloadReads(
  api: KubeApiServer,
  token: string,
  namespace: string,
  reads: FakeWorkloadReads,
): void {
  const base = `/api/v1/namespaces/${namespace}`;
  const allowed = (
    resource: 'pods' | 'events' | 'pods/log',
    verb: string,
    authorization: string | string[] | undefined,
    response: Parameters<typeof status>[0],
  ) => {
    if (authorization !== `Bearer ${token}`) {
      status(response, 401, 'Unauthorized', 'Unauthorized');
      return false;
    }
    if (!reads.forbidden?.includes(resource)) return true;
    const [kind, sub] = resource.split('/');
    status(
      response,
      403,
      'Forbidden',
      `${resource} is forbidden: User "system:serviceaccount:warroom:warroom" cannot ${verb} resource "${kind}"${sub ? ` subresource "${sub}"` : ''} in API group "" in the namespace "${namespace}"`,
    );
    return false;
  };
  api.server.on(`${base}/pods`, (request, response) => {
    if (!allowed('pods', 'list', request.headers.authorization, response)) return;
    const selector = new URL(request.url, 'http://x').searchParams.get('labelSelector') ?? '';
    const wanted = selector
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]);
    const items = reads.pods.items.filter((pod) =>
      wanted.every(([key, value]) => pod.metadata.labels?.[key] === value),
    );
    json(response, 200, { ...reads.pods, items });
  });
  api.server.on(`${base}/events`, (request, response) => {
    if (!allowed('events', 'list', request.headers.authorization, response)) return;
    if (!reads.eventsHang) json(response, 200, reads.events);
  });
  for (const pod of reads.pods.items)
    api.server.on(`${base}/pods/${pod.metadata.name}/log`, (request, response) => {
      if (!allowed('pods/log', 'get', request.headers.authorization, response)) return;
      const query = new URL(request.url, 'http://x').searchParams;
      const key = `${pod.metadata.name}/${query.get('container') ?? ''}/${query.get('previous') === 'true'}`;
      const text = reads.logs[key];
      if (text === undefined)
        return status(
          response,
          400,
          'BadRequest',
          `previous terminated container "${query.get('container')}" in pod "${pod.metadata.name}" not found`,
        );
      const tail = Number(query.get('tailLines') ?? '0');
      const lines = text.split('\n').filter(Boolean);
      const shown = tail > 0 ? lines.slice(-tail) : lines;
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`${shown.join('\n')}\n`);
    });
}
