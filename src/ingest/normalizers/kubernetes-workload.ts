/**
 * The workload a Kubernetes object belongs to, from its name and owner: pods of a Deployment are
 * `<deployment>-<pod-template-hash>-<suffix>`, of a StatefulSet `<name>-<ordinal>`, of a DaemonSet or
 * Job `<name>-<suffix>`; a ReplicaSet is `<deployment>-<hash>`. Pure.
 */
const DEPLOYMENT_POD = /^(.+)-([a-z0-9]{6,10})-[a-z0-9]{5}$/;
const STATEFUL_POD = /^(.+)-\d+$/;
const REPLICA_SET = /^(.+)-([a-z0-9]{6,10})$/;
/** A generated 5-character suffix; it always holds a digit, which tells it from a word (`-proxy`). */
const GENERATED_SUFFIX = /^(.+)-(?=[a-z]*\d)[a-z0-9]{5}$/;

export interface OwnerReference {
  kind: string;
  name: string;
}

export function workloadOf(kind: string, name: string, owner?: OwnerReference): string {
  if (owner !== undefined) {
    if (owner.kind === 'ReplicaSet') return replicaSetWorkload(owner.name);
    if (owner.kind !== 'Node') return owner.name;
  }
  if (kind === 'ReplicaSet') return replicaSetWorkload(name);
  if (kind !== 'Pod') return name;
  return (
    hashed(DEPLOYMENT_POD.exec(name)) ??
    STATEFUL_POD.exec(name)?.[1] ??
    GENERATED_SUFFIX.exec(name)?.[1] ??
    name
  );
}

function replicaSetWorkload(name: string): string {
  return hashed(REPLICA_SET.exec(name)) ?? name;
}

/** A pod-template hash holds a digit; `node-exporter-4x7kq` is not a pod of `node`. */
function hashed(match: RegExpExecArray | null): string | undefined {
  const [, workload, hash] = match ?? [];
  return hash !== undefined && /\d/.test(hash) ? workload : undefined;
}
