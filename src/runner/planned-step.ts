import type { ExecutorAction } from '../executors/actions.js';
import type { Executor, ExecutorResult } from '../executors/port.js';
import type { StepRecords } from '../store/step-records.js';

/** A runbook step ready to run: its action rendered from checked values (see src/runbooks). */
export interface PlannedStep {
  id: string;
  title: string;
  executor: string;
  action: ExecutorAction;
  risk: 'low' | 'medium' | 'high';
  approval: 'per-step' | 'plan';
  timeoutSeconds: number;
  /** Checked by the pipeline after the run settles (health probe or PromQL), not by the runner. */
  verify?: StepVerify;
  /** `previous`: the executor undoes from its own record of `apply`; an action: run it; none: nothing to undo. */
  rollback?: 'previous' | ExecutorAction;
}

export type StepVerify =
  | { health: 'healthy'; settleSeconds: number }
  | { promql: string; settleSeconds: number };

export interface Clock {
  now(): number;
}

/** What the thread shows as the runner goes; the pipeline turns these into incident events. */
export type StepEvent =
  | { type: 'started'; stepId: string; phase: 'apply' | 'rollback' }
  | { type: 'finished'; stepId: string; phase: 'apply' | 'rollback'; result: ExecutorResult }
  | { type: 'settled-by-check'; stepId: string; phase: 'apply' | 'rollback'; decision: string }
  | { type: 'skipped'; stepId: string; phase: 'apply' | 'rollback'; reason: string };

export interface RunnerDeps {
  incidentId: string;
  round: number;
  /** Who approved the plan (and the per-step approvals so far). */
  approvedBy: readonly string[];
  /** `per-step` steps already approved in this round. */
  approvedSteps?: ReadonlySet<string>;
  /** `per-step` steps refused in this round (rejected, or nobody decided in time), with why. */
  refusedSteps?: ReadonlyMap<string, string>;
  executors: { byName(name: string): Executor | undefined };
  records: StepRecords;
  clock: Clock;
  onStep?: (event: StepEvent) => void | Promise<void>;
}

export interface RolledBack {
  stepId: string;
  outcome: 'ok' | 'failed' | 'unknown' | 'none';
  reason?: string;
}

export type RunOutcome =
  | { status: 'completed'; done: readonly string[] }
  | { status: 'needs-approval'; stepId: string; done: readonly string[] }
  /** A `per-step` step was refused: it never ran, and the steps done before were rolled back. */
  | {
      status: 'rejected';
      stepId: string;
      reason: string;
      done: readonly string[];
      rollbacks: readonly RolledBack[];
    }
  /** Another worker is running this plan (it recorded the step's start first): leave it to them. */
  | { status: 'running-elsewhere'; stepId: string; done: readonly string[] }
  | {
      /** `failed`: the step did not take effect. `unknown`: it may have: people must look. */
      status: 'failed' | 'outcome-unknown';
      stepId: string;
      reason: string;
      done: readonly string[];
      rollbacks: readonly RolledBack[];
    };
