import type { HealthState } from './catalog/index.js';
import type { ServiceContext } from './service-context.js';
import type { PlannedAction } from './ticket.js';

/** One service's health right now, with the numbers behind it and what could not be measured. */
export interface ServiceHealthReport {
  service: string;
  state: HealthState;
  /** 0-100 where the source scores health (the simulated estate); absent for a real probe. */
  score?: number;
  /** Why it is degraded or down, one line per cause. */
  reasons: string[];
  /** What could not be measured, said plainly: "no data for latency_p99_ms on payments: query … returned nothing". */
  unmeasured: string[];
  /** The latest reading per signal. */
  readings: Record<string, number>;
}

/** How verification samples a probe: wait, then look several times, so one lucky scrape resolves nothing. */
export interface HealthSampling {
  settleMs: number;
  samples: number;
  intervalMs: number;
}

/** Healthy / degraded / down / unknown per service. */
export interface HealthProbe {
  probe(services: readonly string[], now: Date): Promise<ServiceHealthReport[]>;
  /** How verification samples this service's health. */
  sampling(service: string): HealthSampling;
  /** False when nothing can measure this service (no query, no backend): it can only be unknown. */
  covers(service: string): boolean;
}

export type StepOutcome = 'applied' | 'rolled_back' | 'manual' | 'skipped';

export interface StepReport {
  actionId: string;
  outcome: StepOutcome;
  /** What happened, step by step, for the thread. */
  log: string[];
  healthBefore: number;
  healthAfter: number;
}

export interface DryRunReport {
  helps: boolean;
  summary: string;
  predicted: Array<{ service: string; before: number; after: number }>;
}

/** What can apply an action to a service. `manual` hands it to a person and never runs by itself. */
export interface Executor {
  readonly kind: string;
  /** True when it changes the service itself; false for the manual executor. */
  readonly automatic: boolean;
  dryRun(actions: readonly PlannedAction[], root: string, now: Date): Promise<DryRunReport>;
  apply(action: PlannedAction, options: { now: Date; root: string }): Promise<StepReport>;
}

export interface Executors {
  /** The executor for a service: the manual one when nothing else may act on it. */
  for(service: string): Executor;
}

/** The estate's services: names and aliases, owners, tiers and the dependency graph. */
export interface ServiceDirectory {
  /** True for the team's catalog; false for the simulated estate standing in for one. */
  readonly real: boolean;
  /** The canonical name of a name or alias; undefined for a service it does not know. */
  resolve(nameOrAlias: string): string | undefined;
  context(name: string): ServiceContext;
  /** Services that call it directly. */
  dependents(name: string): readonly string[];
  /** service → the services it calls. */
  graph(): Record<string, string[]>;
  /** Every service, in catalog order. */
  names(): readonly string[];
}

/** A Slack user group's members, or why they could not be read (never "anyone"). */
export type GroupMembers =
  | { kind: 'members'; users: readonly string[] }
  | { kind: 'unreadable'; reason: string };

/** Expands Slack user groups (`S…`) named as approvers. */
export interface UserGroups {
  members(groupId: string): Promise<GroupMembers>;
}
