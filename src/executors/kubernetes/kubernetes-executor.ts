import type { KubeConfig } from '@kubernetes/client-node';
import type { CallMode, CallOptions, Executor, ExecutorResult, ObservedState } from '../port.js';
import { createRedactor } from '../redact.js';
import { abortReason, callSignal, type ResultContext, startCall, wrongKind } from '../result.js';
import {
  containerNames,
  deploymentStatus,
  matchLabels,
  podBelongsTo,
  previousTemplate,
} from './deployment-state.js';
import {
  deletePod,
  describeRequest,
  type KubeRequest,
  listReplicaSets,
  readDeployment,
  readPod,
  restartDeployment,
  rollBackDeployment,
  scaleDeployment,
  setDeploymentImage,
} from './kube-requests.js';
import { type KubeReply, KubeTransportError, sendKube } from './kube-transport.js';
import type { KubernetesAction } from './kubernetes-action.js';
import type { KubernetesExecutorConfig } from './kubernetes-config.js';

/** A refusal or an API answer that ends the call as `failed`: nothing was written. */
class Refused extends Error {
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

/** A write, as a function of whether it is the server-side dry run. */
type Write = (dryRun: boolean) => KubeRequest;

/**
 * Restarts, scales, rolls back a deployment or deletes one of its pods, only in the namespaces and
 * deployments its config lists. Every write goes to the API server first with `dryRun=All`.
 */
export function createKubernetesExecutor(
  config: KubernetesExecutorConfig,
  kubeConfig: KubeConfig,
  now: () => Date = () => new Date(),
): Executor {
  const token = kubeConfig.getCurrentUser()?.token;
  const context: ResultContext = {
    executor: { name: config.name, kind: 'kubernetes' },
    redact: createRedactor(token === undefined ? [] : [token]),
    outputLimit: config.outputLimit,
  };
  const line = (action: KubernetesAction) => {
    const what =
      action.operation === 'scale'
        ? `scale to ${action.replicas}`
        : action.operation === 'delete-pod'
          ? `delete pod ${action.pod}`
          : action.operation === 'set-image'
            ? `set image ${action.container}=${action.image}`
            : action.operation;
    return `kubernetes ${config.name}: ${what} deployment ${action.namespace}/${action.deployment}`;
  };

  function outOfScope(action: KubernetesAction): string | undefined {
    const namespace = Object.hasOwn(config.namespaces, action.namespace)
      ? config.namespaces[action.namespace]
      : undefined;
    if (namespace === undefined) return `namespace ${action.namespace} is not one this executor may touch`;
    if (!namespace.deployments.includes(action.deployment))
      return `deployment ${action.namespace}/${action.deployment} is not one this executor may touch`;
    return undefined;
  }

  async function request(call: { signal: AbortSignal }, built: KubeRequest): Promise<KubeReply> {
    const reply = await sendKube(kubeConfig, built, call.signal);
    if (reply.status >= 200 && reply.status < 300) return reply;
    throw new Refused(`${built.method} ${built.path}: ${statusMessage(reply)}`, reply.status);
  }

  /** The write this action makes, given the deployment as it is now; refuses what kubectl would. */
  async function plan(
    call: { signal: AbortSignal },
    action: KubernetesAction,
    deployment: unknown,
  ): Promise<Write> {
    const { namespace, deployment: name } = action;
    const paused = deploymentStatus(deployment).paused === true;
    switch (action.operation) {
      case 'restart': {
        if (paused)
          throw new Refused(`deployment ${namespace}/${name} is paused: resume it before a restart`);
        const at = now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z');
        return (dryRun) => restartDeployment(namespace, name, at, dryRun);
      }
      case 'scale': {
        const replicas = action.replicas ?? 0;
        return (dryRun) => scaleDeployment(namespace, name, replicas, dryRun);
      }
      case 'undo': {
        if (paused)
          throw new Refused(`deployment ${namespace}/${name} is paused: resume it before a rollback`);
        const replicaSets = await request(call, listReplicaSets(namespace, matchLabels(deployment)));
        const previous = previousTemplate(deployment, replicaSets.body);
        if (previous === undefined)
          throw new Refused(`deployment ${namespace}/${name} has no previous revision`);
        return (dryRun) => rollBackDeployment(namespace, name, previous.template, dryRun);
      }
      case 'set-image': {
        if (paused)
          throw new Refused(`deployment ${namespace}/${name} is paused: resume it before an image update`);
        const container = action.container ?? '';
        if (!containerNames(deployment).includes(container))
          throw new Refused(`deployment ${namespace}/${name} has no container ${container}`);
        const image = action.image ?? '';
        return (dryRun) => setDeploymentImage(namespace, name, container, image, dryRun);
      }
      case 'delete-pod': {
        const pod = action.pod ?? '';
        const found = await request(call, readPod(namespace, pod));
        if (!podBelongsTo(found.body, deployment))
          throw new Refused(`pod ${namespace}/${pod} is not one of deployment ${name}'s pods`);
        return (dryRun) => deletePod(namespace, pod, dryRun);
      }
    }
  }

  async function write(mode: CallMode, action: KubernetesAction, options: CallOptions | undefined) {
    const finish = startCall(context, mode, line(action));
    const refusal = outOfScope(action);
    if (refusal !== undefined) return finish({ outcome: 'failed', reason: refusal });
    const call = { signal: callSignal(options, config.timeoutMs) };
    let before: ObservedState | undefined;
    let writing = false;
    try {
      const deployment = (await request(call, readDeployment(action.namespace, action.deployment))).body;
      before = deploymentStatus(deployment);
      const planned = await plan(call, action, deployment);
      const dry = await request(call, planned(true));
      const dryLine = `${describeRequest(planned(true))}\n→ ${dry.status}: the API server accepts it (dry run)`;
      if (mode === 'dry-run')
        return finish({ outcome: 'ok', output: dryLine, before, httpStatus: dry.status });
      writing = true;
      const done = await request(call, planned(false));
      writing = false;
      const after = deploymentStatus(
        (await request(call, readDeployment(action.namespace, action.deployment))).body,
      );
      return finish({
        outcome: 'ok',
        httpStatus: done.status,
        output: `${dryLine}\n${describeRequest(planned(false))}\n→ ${done.status}`,
        before,
        after,
      });
    } catch (error) {
      const aborted = call.signal.aborted ? abortReason(call.signal, config.timeoutMs) : undefined;
      return finish(failure(error, writing, before, aborted));
    }
  }

  return {
    kind: 'kubernetes',
    name: config.name,
    describe: (action) => (action.kind === 'kubernetes' ? line(action) : `${action.kind} action`),
    async dryRun(action, options) {
      if (action.kind !== 'kubernetes') return wrongKind(context, 'dry-run', action.kind);
      return write('dry-run', action, options);
    },
    async apply(action, options) {
      if (action.kind !== 'kubernetes') return wrongKind(context, 'apply', action.kind);
      return write('apply', action, options);
    },
    async rollback(action, applied, options) {
      if (action.kind !== 'kubernetes') return wrongKind(context, 'rollback', action.kind);
      return write('rollback', undoing(action, applied), options);
    },
    async check(action, options): Promise<ExecutorResult> {
      if (action.kind !== 'kubernetes') return wrongKind(context, 'check', action.kind);
      const finish = startCall(context, 'check', line(action));
      const refusal = outOfScope(action);
      if (refusal !== undefined) return finish({ outcome: 'failed', reason: refusal });
      try {
        const reply = await request(
          { signal: callSignal(options, config.timeoutMs) },
          readDeployment(action.namespace, action.deployment),
        );
        const after = deploymentStatus(reply.body);
        return finish({ outcome: 'ok', httpStatus: reply.status, output: JSON.stringify(after), after });
      } catch (error) {
        return finish(failure(error, false, undefined));
      }
    },
  };
}

/** A scale is undone by scaling back; a restart, an image update or an undo by rolling back to the revision before. */
function undoing(action: KubernetesAction, applied: ExecutorResult): KubernetesAction {
  const replicas = applied.before?.replicas;
  if (action.operation === 'scale' && typeof replicas === 'number') return { ...action, replicas };
  if (action.operation === 'delete-pod' || action.operation === 'scale') return action;
  return { ...action, operation: 'undo' };
}

function failure(error: unknown, writing: boolean, before: ObservedState | undefined, aborted?: string) {
  const known = before === undefined ? {} : { before };
  if (error instanceof Refused)
    return {
      outcome: 'failed' as const,
      reason: error.message,
      ...known,
      ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
    };
  if (error instanceof KubeTransportError)
    // A write cut off after it left may have been stored: only a check can tell.
    return {
      outcome: writing && error.maybeSent ? ('unknown' as const) : ('failed' as const),
      reason: aborted ?? error.message,
      ...known,
    };
  throw error;
}

function statusMessage(reply: KubeReply): string {
  const body = reply.body as { message?: unknown } | null;
  const message =
    typeof body === 'object' && body !== null && typeof body.message === 'string' ? body.message : '';
  return `${reply.status}${message ? ` ${message}` : ''}`;
}
