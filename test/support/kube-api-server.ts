import { mkdtemp, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AutomationServer,
  json,
  type ReceivedRequest,
  startAutomationServer,
} from './automation-server.js';
import { writeKubeconfig } from './kubeconfig.js';

/**
 * A local HTTP server that records every request and answers as the Kubernetes API server does for
 * the few calls the executor makes: deployments (get, strategic merge and JSON patch), their
 * `/scale` subresource (merge patch), ReplicaSets by label selector, pods (get, delete). A write
 * with `dryRun=All` answers the result without storing it. A wrong patch content type gets 415.
 */
export interface FakeDeployment {
  name: string;
  replicas: number;
  paused?: boolean;
  revision: number;
  image: string;
  /** Its real (not dry-run) patches are stored but never answered: a reply lost on the way back. */
  stallsWrites?: boolean;
}

interface DeploymentObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid: string; annotations: Record<string, string> };
  spec: {
    replicas: number;
    paused: boolean;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: unknown;
    };
  };
  status: { replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number };
}

export interface KubeApiServer {
  server: AutomationServer;
  kubeconfigPath: string;
  deployments: Map<string, DeploymentObject>;
  /** Requests as `METHOD path?query`, for asserting the exact sequence. */
  calls(): string[];
  close(): Promise<void>;
}

/** A `Status` failure as the API server answers it. */
export const status = (response: ServerResponse, code: number, reason: string, message: string) =>
  json(response, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });

function deploymentObject(namespace: string, spec: FakeDeployment): DeploymentObject {
  const labels = { app: spec.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: spec.name,
      namespace,
      uid: `uid-${spec.name}`,
      annotations: { 'deployment.kubernetes.io/revision': String(spec.revision) },
    },
    spec: {
      replicas: spec.replicas,
      paused: spec.paused ?? false,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: spec.name, image: spec.image }] } },
    },
    status: {
      replicas: spec.replicas,
      updatedReplicas: spec.replicas,
      readyReplicas: spec.replicas,
      availableReplicas: spec.replicas,
    },
  };
}

function replicaSet(deployment: DeploymentObject, revision: number, image: string, hash: string) {
  const name = deployment.metadata.name;
  const labels = { app: name, 'pod-template-hash': hash };
  return {
    metadata: {
      name: `${name}-${hash}`,
      namespace: deployment.metadata.namespace,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deployment.metadata.uid, controller: true },
      ],
    },
    spec: { template: { metadata: { labels }, spec: { containers: [{ name, image }] } } },
  };
}

export async function startKubeApiServer(
  token: string,
  namespace: string,
  specs: FakeDeployment[],
): Promise<KubeApiServer> {
  const server = await startAutomationServer();
  const deployments = new Map(specs.map((spec) => [spec.name, deploymentObject(namespace, spec)]));
  const base = `/apis/apps/v1/namespaces/${namespace}`;
  const pods = new Map([
    [`payments-7d9f8b6c4-x2x9k`, { app: 'payments' }],
    ['ledger-0', { app: 'ledger' }],
  ]);
  const authorized = (request: ReceivedRequest, response: ServerResponse) => {
    if (request.headers.authorization === `Bearer ${token}`) return true;
    status(response, 401, 'Unauthorized', 'Unauthorized');
    return false;
  };
  const dryRun = (request: ReceivedRequest) =>
    new URL(request.url, 'http://x').searchParams.get('dryRun') === 'All';

  for (const [name, deployment] of deployments) {
    server.on(`${base}/deployments/${name}`, (request, response) => {
      if (!authorized(request, response)) return;
      if (request.method === 'GET') return json(response, 200, deployment);
      const type = request.headers['content-type'];
      const copy = structuredClone(deployment);
      if (type === 'application/strategic-merge-patch+json') {
        const template = JSON.parse(request.body).spec.template;
        copy.spec.template.metadata.annotations = {
          ...copy.spec.template.metadata.annotations,
          ...template.metadata?.annotations,
        };
        // Containers merge by name, as the strategic merge patch of a pod template does.
        const containers = copy.spec.template.spec as { containers: Array<{ name: string; image: string }> };
        for (const patch of (template.spec?.containers ?? []) as Array<{ name: string; image: string }>) {
          const found = containers.containers.find((container) => container.name === patch.name);
          if (found) found.image = patch.image;
          else containers.containers.push(patch);
        }
      } else if (type === 'application/json-patch+json') {
        const [operation] = JSON.parse(request.body);
        if (operation.op !== 'replace' || operation.path !== '/spec/template')
          return status(response, 422, 'Invalid', 'unexpected patch');
        copy.spec.template = operation.value;
      } else
        return status(
          response,
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format: ${type}`,
        );
      if (!dryRun(request)) deployments.set(name, Object.assign(deployment, copy));
      if (!dryRun(request) && specs.find((spec) => spec.name === name)?.stallsWrites) return;
      json(response, 200, copy);
    });
    server.on(`${base}/deployments/${name}/scale`, (request, response) => {
      if (!authorized(request, response)) return;
      if (request.headers['content-type'] !== 'application/merge-patch+json')
        return status(response, 415, 'UnsupportedMediaType', 'unsupported patch type');
      const replicas = JSON.parse(request.body).spec.replicas;
      // As an admission webhook or a quota would: refused, dry run or not.
      if (replicas > 50)
        return status(
          response,
          403,
          'Forbidden',
          'admission webhook "quota.example.com" denied the request: at most 50 replicas',
        );
      if (!dryRun(request)) deployment.spec.replicas = replicas;
      json(response, 200, {
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        spec: { replicas },
        status: { replicas: deployment.status.replicas },
      });
    });
  }
  server.on(`${base}/replicasets`, (request, response) => {
    if (!authorized(request, response)) return;
    const selector = new URL(request.url, 'http://x').searchParams.get('labelSelector') ?? '';
    const app = /^app=([a-z0-9-]+)$/.exec(selector)?.[1] ?? '';
    const deployment = deployments.get(app);
    const items =
      deployment === undefined
        ? []
        : [
            replicaSet(deployment, 1, `${app}:v1`, '5b8c7d9f4'),
            replicaSet(deployment, 2, `${app}:v2`, '6c9d8e7f5'),
            replicaSet(deployment, 3, `${app}:v3`, '7d9f8b6c4'),
          ];
    json(response, 200, { kind: 'ReplicaSetList', items });
  });
  for (const [pod, labels] of pods)
    server.on(`/api/v1/namespaces/${namespace}/pods/${pod}`, (request, response) => {
      if (!authorized(request, response)) return;
      const object = { kind: 'Pod', metadata: { name: pod, namespace, labels } };
      if (request.method === 'DELETE' && !dryRun(request)) pods.delete(pod);
      json(response, 200, object);
    });

  const dir = await mkdtemp(join(tmpdir(), 'warroom-kube-'));
  const kubeconfigPath = writeKubeconfig(dir, server.url, token);
  return {
    server,
    kubeconfigPath,
    deployments,
    calls: () => server.received.map((request) => `${request.method} ${request.url}`),
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
