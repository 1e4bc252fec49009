import type { FaultKind } from '../domain/faults.js';
import type { GateSpec } from '../domain/rollout/rollout.js';
import type { ActionTemplate } from '../executors/actions.js';
import type { ParamSpec, ParamSpecs } from '../executors/params.js';
import type { ExecutorKind } from '../executors/port.js';
import type { ParamSource, StepSpec } from './runbook-schema.js';
import type { TaskSchedule } from './task-schedule.js';

/** A runbook that passed every check: names resolved against the catalog, params and steps valid. */
export interface Runbook {
  id: string;
  title: string;
  description?: string;
  /** `file:line` of its id, for messages. */
  source: string;
  matches: {
    /** Canonical catalog names. */
    services: readonly string[];
    faults: readonly FaultKind[];
    alerts: readonly string[];
  };
  params: ReadonlyMap<string, RunbookParam>;
  /** The same params as the executors' renderer takes them. */
  paramSpecs: ParamSpecs;
  auto: boolean;
  steps: readonly RunbookStep[];
  /** A routine task: also runs on this schedule (absent: it runs only for incidents). */
  schedule?: TaskSchedule;
  /** A rollout runbook: run once per instance of `service` by `/change rollout`, each phase held to `gates`. */
  rollout?: { service: string; unit: 'instance' | 'percent' | 'step'; gates: readonly GateSpec[] };
}

export interface RunbookParam {
  spec: ParamSpec;
  /** The incident fact that fills it (checked against the catalog), else its default or an override. */
  from?: ParamSource;
}

export interface RunbookStep extends Omit<StepSpec, 'action' | 'rollback'> {
  executorKind: ExecutorKind;
  action: ActionTemplate;
  rollback?: 'previous' | ActionTemplate;
}
