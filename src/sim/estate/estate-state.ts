import { z } from 'zod';
import { FAULT_CATALOG, FaultKind } from '../../domain/faults.js';
import { ActionKind, RUNBOOK } from '../../domain/runbook.js';
import { PermanentError } from '../../errors.js';
import { FAULT_TARGETS, faultAppliesTo } from '../fault-targets.js';
import { SERVICE_CATALOG, SERVICE_NAMES, ServiceName } from '../services.js';
import { hashSeed } from './noise.js';

export const FaultRecord = z.object({
  kind: FaultKind,
  injectedAt: z.string(),
  /** Drives the fault's own details (numbers in its log lines), independent of the telemetry seed. */
  seed: z.number().int(),
});
export type FaultRecord = z.infer<typeof FaultRecord>;

export const InstanceState = z.object({
  index: z.number().int().nonnegative(),
  version: z.string(),
  configRevision: z.number().int().positive(),
  poolSize: z.number().int().positive(),
  /** Faults still present on this instance; per-instance remediation removes them one by one. */
  faults: z.array(FaultKind),
});
export type InstanceState = z.infer<typeof InstanceState>;

/** Health lost to a remediation step that hurt (a cold standby, a flushed cache), not to a fault. */
export const Strain = z.object({ cause: z.string(), points: z.number().min(0).max(100) });
export type Strain = z.infer<typeof Strain>;

export const ServiceState = z.object({
  faults: z.array(FaultRecord),
  instances: z.array(InstanceState).min(1),
  replicas: z.number().int().positive(),
  diskBaselinePct: z.number().min(0).max(100),
  knownGood: z.object({ version: z.string(), configRevision: z.number().int().positive() }),
  site: z.enum(['primary', 'standby']),
  strain: z.array(Strain),
});
export type ServiceState = z.infer<typeof ServiceState>;

/** One field of one service as it was before an action: enough to undo it. */
export const JournalChange = z.object({ service: ServiceName, field: z.string(), before: z.unknown() });
export type JournalChange = z.infer<typeof JournalChange>;

export const JournalEntry = z.object({
  kind: ActionKind,
  target: ServiceName,
  instance: z.number().int().nonnegative().nullable(),
  at: z.string(),
  changes: z.array(JournalChange),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

export const EstateState = z.object({
  services: z.record(ServiceName, ServiceState),
  journal: z.array(JournalEntry),
});
export type EstateState = z.infer<typeof EstateState>;

export interface ActiveFault extends FaultRecord {
  /** Share of instances still affected (1 for service-wide faults). */
  share: number;
  /** share, reduced further by mitigation such as extra replicas. */
  intensity: number;
}

const DISK_BASELINE_PCT: Readonly<Partial<Record<ServiceName, number>>> = { storage: 62, database: 58 };
const POOL_SIZE: Readonly<Partial<Record<ServiceName, number>>> = { database: 200 };
const KNOWN_GOOD = { version: '2.4.0', configRevision: 41 } as const;
/** Faults that extra capacity dilutes: the same leak or pool limit spread over more replicas. */
export const CAPACITY_BOUND: ReadonlySet<FaultKind> = new Set(['memory_leak', 'slow']);

export function initialEstate(): EstateState {
  const services = Object.fromEntries(
    SERVICE_NAMES.map((name) => {
      const info = SERVICE_CATALOG[name];
      const instances = Array.from({ length: info.instances }, (_, index) => ({
        index,
        version: KNOWN_GOOD.version,
        configRevision: KNOWN_GOOD.configRevision,
        poolSize: POOL_SIZE[name] ?? 20,
        faults: [],
      }));
      const service: ServiceState = {
        faults: [],
        instances,
        replicas: info.instances,
        diskBaselinePct: DISK_BASELINE_PCT[name] ?? 35,
        knownGood: { ...KNOWN_GOOD },
        site: 'primary',
        strain: [],
      };
      return [name, service];
    }),
  ) as Record<ServiceName, ServiceState>;
  return { services, journal: [] };
}

/** Faults whose first remedy is rolled out instance by instance live on the instances. */
export function isPerInstanceFault(kind: FaultKind): boolean {
  const first = FAULT_CATALOG[kind].remediation[0];
  return first !== undefined && RUNBOOK[first].perInstance;
}

export function instanceName(service: string, index: number): string {
  return `${service}-${index}`;
}

export function bumpVersion(version: string): string {
  const [major = '0', minor = '0'] = version.split('.');
  return `${major}.${Number(minor) + 1}.0`;
}

export function injectFault(
  state: EstateState,
  service: string,
  kind: string,
  now: Date,
  options: { seed?: number } = {},
): EstateState {
  const parsedKind = FaultKind.safeParse(kind);
  const parsedService = ServiceName.safeParse(service);
  if (!parsedKind.success || !parsedService.success) {
    throw new PermanentError('invalid_input', `unknown fault ${kind} or service ${service}`, {
      httpStatus: 400,
    });
  }
  const fault = parsedKind.data;
  const target = parsedService.data;
  if (!faultAppliesTo(fault, target)) {
    const allowed = FAULT_TARGETS[fault].appliesTo.join(', ');
    throw new PermanentError('invalid_input', `${fault} does not apply to ${target} (only ${allowed})`, {
      httpStatus: 400,
    });
  }
  const current = state.services[target];
  const record: FaultRecord = {
    kind: fault,
    injectedAt: now.toISOString(),
    seed: options.seed ?? hashSeed(target, fault, now.toISOString()),
  };
  const instances = isPerInstanceFault(fault)
    ? current.instances.map((instance) => faultyInstance(instance, fault, current.knownGood))
    : current.instances;
  const faults = [...current.faults.filter((existing) => existing.kind !== fault), record];
  return { ...state, services: { ...state.services, [target]: { ...current, faults, instances } } };
}

function faultyInstance(
  instance: InstanceState,
  fault: FaultKind,
  knownGood: ServiceState['knownGood'],
): InstanceState {
  const faults = instance.faults.includes(fault) ? instance.faults : [...instance.faults, fault];
  if (fault === 'bad_config') return { ...instance, faults, configRevision: knownGood.configRevision + 1 };
  if (fault === 'web_5xx') return { ...instance, faults, version: bumpVersion(knownGood.version) };
  return { ...instance, faults };
}

export function activeFaults(service: ServiceState): ActiveFault[] {
  const active: ActiveFault[] = [];
  for (const record of service.faults) {
    const share = isPerInstanceFault(record.kind)
      ? service.instances.filter((instance) => instance.faults.includes(record.kind)).length /
        service.instances.length
      : 1;
    if (share <= 0) continue;
    const mitigation = CAPACITY_BOUND.has(record.kind) ? service.instances.length / service.replicas : 1;
    active.push({ ...record, share, intensity: share * Math.min(1, mitigation) });
  }
  return active;
}

export function hasActiveFault(state: EstateState, service: ServiceName, kind: FaultKind): boolean {
  return activeFaults(state.services[service]).some((fault) => fault.kind === kind);
}
