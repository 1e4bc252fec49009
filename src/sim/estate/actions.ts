import type { FaultKind } from '../../domain/faults.js';
import { ActionKind, RUNBOOK } from '../../domain/runbook.js';
import { PermanentError } from '../../errors.js';
import { ServiceName } from '../services.js';
import {
  CAPACITY_BOUND,
  type EstateState,
  hasActiveFault,
  type InstanceState,
  instanceName,
  type ServiceState,
  type Strain,
} from './estate-state.js';
import { diffStates, restoreChanges } from './journal.js';

export interface ActionRequest {
  kind: string;
  target: string;
}

export interface ActionOptions {
  /** For per-instance actions: only this instance (canary); all of them when absent. */
  instance?: number;
  now: Date;
}

export interface ActionResult {
  state: EstateState;
  effect: string;
}

interface Step {
  state: EstateState;
  target: ServiceName;
  indexes: readonly number[];
}

type Handler = (step: Step) => ActionResult;

/** Cold standbys and cold caches cost health even when nothing was wrong. */
export const FAILOVER_STRAIN = 5;
export const COLD_CACHE_STRAIN = 15;

function withService(state: EstateState, name: ServiceName, change: (service: ServiceState) => ServiceState) {
  return { ...state, services: { ...state.services, [name]: change(state.services[name]) } };
}

function names(step: Step, indexes: readonly number[]): string {
  return indexes.map((index) => instanceName(step.target, index)).join(', ');
}

/**
 * Applies `change` to the chosen instances; an instance counts as fixed when it loses one of `cures`.
 * The effect line names what was cured, and where.
 */
function perInstance(
  step: Step,
  cures: readonly FaultKind[],
  verb: string,
  change: (instance: InstanceState, service: ServiceState) => InstanceState,
): ActionResult {
  const fixed: number[] = [];
  const cured = new Set<FaultKind>();
  const state = withService(step.state, step.target, (service) => ({
    ...service,
    instances: service.instances.map((instance) => {
      if (!step.indexes.includes(instance.index)) return instance;
      const next = change(instance, service);
      const remaining = next.faults.filter((fault) => !cures.includes(fault));
      for (const fault of next.faults) if (cures.includes(fault)) cured.add(fault);
      if (remaining.length < next.faults.length) fixed.push(instance.index);
      return { ...next, faults: remaining };
    }),
  }));
  if (fixed.length === 0) return { state, effect: `${verb} ${names(step, step.indexes)}: nothing to cure` };
  return {
    state,
    effect: `${verb} ${names(step, step.indexes)}: cured ${[...cured].join('/')} on ${names(step, fixed)}`,
  };
}

function removeFaults(service: ServiceState, kinds: readonly FaultKind[]): ServiceState {
  return { ...service, faults: service.faults.filter((fault) => !kinds.includes(fault.kind)) };
}

function addStrain(state: EstateState, name: ServiceName, strain: Strain): EstateState {
  return withService(state, name, (service) => ({ ...service, strain: [...service.strain, strain] }));
}

const HANDLERS: Readonly<Record<ActionKind, Handler>> = {
  restart: (step) => perInstance(step, ['crash', 'memory_leak'], 'restarted', (instance) => instance),
  rollback_config: (step) =>
    perInstance(step, ['bad_config'], 'rolled back config of', (instance, service) => ({
      ...instance,
      configRevision: service.knownGood.configRevision,
    })),
  rollback_deploy: (step) =>
    perInstance(step, ['web_5xx'], 'rolled back release of', (instance, service) => ({
      ...instance,
      version: service.knownGood.version,
    })),
  increase_pool: (step) =>
    perInstance(step, ['slow'], 'doubled the connection pool of', (instance) => ({
      ...instance,
      poolSize: instance.poolSize * 2,
    })),
  scale_up: ({ state, target }) => {
    const before = state.services[target].replicas;
    const after = Math.ceil(before * 1.5);
    const eased = [...CAPACITY_BOUND].filter((kind) => hasActiveFault(state, target, kind));
    const note = eased.length > 0 ? `: mitigates ${eased.join('/')}, cures nothing` : ': nothing to mitigate';
    return {
      state: withService(state, target, (service) => ({ ...service, replicas: after })),
      effect: `scaled ${target} from ${before} to ${after} replicas${note}`,
    };
  },
  clear_cache: ({ state, target }) => {
    const stampede = hasActiveFault(state, target, 'cache_stampede');
    let next = withService(state, target, (service) => removeFaults(service, ['cache_stampede']));
    const notes = [stampede ? 'cured cache_stampede' : 'nothing to cure'];
    if (hasActiveFault(state, 'database', 'slow')) {
      const cause = `cold cache after clear_cache on ${target} piles reads onto the slow database`;
      next = addStrain(next, 'database', { cause, points: COLD_CACHE_STRAIN });
      notes.push(`database health -${COLD_CACHE_STRAIN}: ${cause}`);
    }
    return { state: next, effect: `flushed hot keys of ${target}: ${notes.join('; ')}` };
  },
  failover: ({ state, target }) => {
    const cures: FaultKind[] = ['network_partition', 'dependency_down'];
    const cured = cures.filter((kind) => hasActiveFault(state, target, kind));
    let next = withService(state, target, (service) => ({
      ...removeFaults(service, cures),
      site: 'standby',
    }));
    if (cured.length > 0)
      return { state: next, effect: `failed ${target} over to the standby: cured ${cured.join('/')}` };
    const cause = `failover of healthy ${target} to a cold standby`;
    next = addStrain(next, target, { cause, points: FAILOVER_STRAIN });
    return {
      state: next,
      effect: `failed ${target} over to the standby: nothing to cure, health -${FAILOVER_STRAIN}`,
    };
  },
  free_disk: ({ state, target }) => {
    if (!hasActiveFault(state, target, 'disk_full')) {
      return { state, effect: `free_disk on ${target}: disk not full, nothing to purge` };
    }
    return {
      state: withService(state, target, (service) => removeFaults(service, ['disk_full'])),
      effect: `rotated logs and purged temp files on ${target}: cured disk_full`,
    };
  },
  manual: ({ state, target }) => ({
    state,
    effect: `manual step on ${target}: nothing applied automatically`,
  }),
};

function parseRequest(state: EstateState, action: ActionRequest, instance: number | undefined) {
  const kind = ActionKind.safeParse(action.kind);
  const target = ServiceName.safeParse(action.target);
  if (!kind.success || !target.success) {
    throw new PermanentError('invalid_input', `unknown action ${action.kind} or target ${action.target}`, {
      httpStatus: 400,
    });
  }
  const count = state.services[target.data].instances.length;
  const scoped = RUNBOOK[kind.data].perInstance && instance !== undefined;
  if (scoped && !(Number.isInteger(instance) && instance >= 0 && instance < count)) {
    throw new PermanentError('invalid_input', `${target.data} has no instance ${instance}`, {
      httpStatus: 400,
    });
  }
  const indexes = scoped ? [instance] : Array.from({ length: count }, (_, index) => index);
  return { kind: kind.data, target: target.data, indexes, instance: scoped ? instance : null };
}

/** Runs a remediation step against the estate; what it changed is journaled so it can be undone. */
export function applyAction(state: EstateState, action: ActionRequest, options: ActionOptions): ActionResult {
  const request = parseRequest(state, action, options.instance);
  const result = HANDLERS[request.kind]({ state, target: request.target, indexes: request.indexes });
  const changes = diffStates(state, result.state);
  if (changes.length === 0) return { state, effect: result.effect };
  const entry = {
    kind: request.kind,
    target: request.target,
    instance: request.instance,
    at: options.now.toISOString(),
    changes,
  };
  return { state: { ...result.state, journal: [...result.state.journal, entry] }, effect: result.effect };
}

/**
 * Undoes the latest application of the same action (kind, target, instance): the fields it changed go
 * back to what they were, even where that brings a fault back.
 */
export function rollbackAction(
  state: EstateState,
  action: ActionRequest,
  options: ActionOptions,
): ActionResult {
  const request = parseRequest(state, action, options.instance);
  const label = request.instance === null ? request.target : instanceName(request.target, request.instance);
  const index = state.journal.findLastIndex(
    (entry) =>
      entry.kind === request.kind && entry.target === request.target && entry.instance === request.instance,
  );
  const entry = state.journal[index];
  if (!entry) return { state, effect: `nothing to roll back: no applied ${request.kind} on ${label}` };
  const restored = restoreChanges(state, entry.changes);
  const journal = state.journal.filter((_, at) => at !== index);
  const fields = entry.changes.map((change) => `${change.service}.${change.field}`).join(', ');
  return {
    state: { ...restored, journal },
    effect: `rolled back ${request.kind} on ${label}: restored ${fields}`,
  };
}
