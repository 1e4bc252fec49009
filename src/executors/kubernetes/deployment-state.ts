import type { ObservedState } from '../port.js';

/**
 * What the executor reads out of API objects: a deployment's status, the ReplicaSet of its previous
 * revision, whether a pod is one of its own. Pure, over the JSON the API server returns.
 */
export const REVISION = 'deployment.kubernetes.io/revision';
const POD_TEMPLATE_HASH = 'pod-template-hash';

type Json = Record<string, unknown>;

const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const stringRecord = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function deploymentStatus(deployment: unknown): ObservedState {
  const object = record(deployment);
  const spec = record(object.spec);
  const status = record(object.status);
  const revision = stringRecord(record(object.metadata).annotations)[REVISION];
  return {
    replicas: count(spec.replicas),
    updated: count(status.updatedReplicas),
    ready: count(status.readyReplicas),
    available: count(status.availableReplicas),
    paused: spec.paused === true,
    revision: revision === undefined ? null : Number(revision),
  };
}

export function matchLabels(deployment: unknown): Record<string, string> {
  return stringRecord(record(record(record(deployment).spec).selector).matchLabels);
}

export function uidOf(object: unknown): string | undefined {
  const uid = record(record(object).metadata).uid;
  return typeof uid === 'string' ? uid : undefined;
}

/**
 * The pod template of the newest ReplicaSet the deployment owns below its current revision, with
 * the hash label the controller adds removed (kubectl does the same); undefined when there is none.
 */
export function previousTemplate(
  deployment: unknown,
  replicaSets: unknown,
): { revision: number; template: Json } | undefined {
  const current = Number(deploymentStatus(deployment).revision ?? 0);
  const owner = uidOf(deployment);
  const items = Array.isArray(record(replicaSets).items) ? (record(replicaSets).items as unknown[]) : [];
  const candidates = items
    .map((item) => {
      const metadata = record(record(item).metadata);
      const owned = Array.isArray(metadata.ownerReferences)
        ? metadata.ownerReferences.some((reference) => record(reference).uid === owner)
        : false;
      const revision = Number(stringRecord(metadata.annotations)[REVISION] ?? Number.NaN);
      return { owned, revision, template: record(record(record(item).spec).template) };
    })
    .filter(
      (candidate) => candidate.owned && Number.isInteger(candidate.revision) && candidate.revision < current,
    )
    .sort((a, b) => b.revision - a.revision);
  const previous = candidates[0];
  if (previous === undefined) return undefined;
  const metadata = record(previous.template.metadata);
  const { [POD_TEMPLATE_HASH]: _hash, ...labels } = stringRecord(metadata.labels);
  return {
    revision: previous.revision,
    template: { ...previous.template, metadata: { ...metadata, labels } },
  };
}

/** Whether the pod carries every label of the deployment's selector. */
export function podBelongsTo(pod: unknown, deployment: unknown): boolean {
  const labels = stringRecord(record(record(pod).metadata).labels);
  const wanted = Object.entries(matchLabels(deployment));
  return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
}

/** The names of the containers of a deployment's pod template. */
export function containerNames(deployment: unknown): string[] {
  const containers = (deployment as { spec?: { template?: { spec?: { containers?: unknown } } } } | null)
    ?.spec?.template?.spec?.containers;
  if (!Array.isArray(containers)) return [];
  return containers.flatMap((container) =>
    typeof container === 'object' &&
    container !== null &&
    typeof (container as { name?: unknown }).name === 'string'
      ? [(container as { name: string }).name]
      : [],
  );
}
