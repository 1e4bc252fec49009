/**
 * The Kubernetes API requests the executor sends, built as data: method, path, query, content type
 * and body, exactly as kubectl sends them. Pure; the transport only puts them on the wire.
 */
export interface KubeRequest {
  method: 'GET' | 'PATCH' | 'DELETE';
  path: string;
  query: Array<[string, string]>;
  contentType?: string;
  body?: unknown;
}

export const FIELD_MANAGER = 'warroom';
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

const segment = (value: string) => encodeURIComponent(value);
const deploymentPath = (namespace: string, name: string) =>
  `/apis/apps/v1/namespaces/${segment(namespace)}/deployments/${segment(name)}`;

/** `dryRun=All` asks the API server to run every admission and validation step and persist nothing. */
function writeQuery(dryRun: boolean, fieldManager: boolean): Array<[string, string]> {
  return [
    ...(dryRun ? [['dryRun', 'All'] as [string, string]] : []),
    ...(fieldManager ? [['fieldManager', FIELD_MANAGER] as [string, string]] : []),
  ];
}

export function readDeployment(namespace: string, name: string): KubeRequest {
  return { method: 'GET', path: deploymentPath(namespace, name), query: [] };
}

export function readPod(namespace: string, name: string): KubeRequest {
  return { method: 'GET', path: `/api/v1/namespaces/${segment(namespace)}/pods/${segment(name)}`, query: [] };
}

export function listReplicaSets(
  namespace: string,
  matchLabels: Readonly<Record<string, string>>,
): KubeRequest {
  const selector = Object.entries(matchLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  return {
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${segment(namespace)}/replicasets`,
    query: [['labelSelector', selector]],
  };
}

/** A patch of the deployment itself, as warroom, with or without the server-side dry run. */
function patchDeployment(
  namespace: string,
  name: string,
  contentType: string,
  body: unknown,
  dryRun: boolean,
): KubeRequest {
  return {
    method: 'PATCH',
    path: deploymentPath(namespace, name),
    query: writeQuery(dryRun, true),
    contentType,
    body,
  };
}

/** `kubectl rollout restart`: a new pod-template annotation makes the controller roll every pod. */
export function restartDeployment(namespace: string, name: string, at: string, dryRun: boolean): KubeRequest {
  const body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } };
  return patchDeployment(namespace, name, STRATEGIC_MERGE, body, dryRun);
}

/** `kubectl set image`: a strategic merge patch merges the container by name, touching nothing else. */
export function setDeploymentImage(
  namespace: string,
  name: string,
  container: string,
  image: string,
  dryRun: boolean,
): KubeRequest {
  const body = { spec: { template: { spec: { containers: [{ name: container, image }] } } } };
  return patchDeployment(namespace, name, STRATEGIC_MERGE, body, dryRun);
}

/** `kubectl scale`: a merge patch of the `/scale` subresource, which touches nothing but replicas. */
export function scaleDeployment(
  namespace: string,
  name: string,
  replicas: number,
  dryRun: boolean,
): KubeRequest {
  return {
    method: 'PATCH',
    path: `${deploymentPath(namespace, name)}/scale`,
    query: writeQuery(dryRun, true),
    contentType: MERGE_PATCH,
    body: { spec: { replicas } },
  };
}

/** `kubectl rollout undo`: the previous ReplicaSet's pod template (its hash label removed) replaces the current one. */
export function rollBackDeployment(
  namespace: string,
  name: string,
  template: unknown,
  dryRun: boolean,
): KubeRequest {
  const body = [{ op: 'replace', path: '/spec/template', value: template }];
  return patchDeployment(namespace, name, JSON_PATCH, body, dryRun);
}

/** Deletes one pod; its controller starts a new one. DELETE takes no field manager. */
export function deletePod(namespace: string, name: string, dryRun: boolean): KubeRequest {
  return { ...readPod(namespace, name), method: 'DELETE', query: writeQuery(dryRun, false) };
}

/** One line for the thread: `PATCH /apis/…?dryRun=All (application/…) {…}`. */
export function describeRequest(request: KubeRequest): string {
  const query = request.query.length === 0 ? '' : `?${new URLSearchParams(request.query).toString()}`;
  const type = request.contentType === undefined ? '' : ` (${request.contentType})`;
  const body = request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`;
  return `${request.method} ${request.path}${query}${type}${body}`;
}
