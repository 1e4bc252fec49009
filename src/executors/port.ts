import type { ExecutorAction } from './actions.js';

/**
 * The executor port: what can apply a rendered runbook action to a service. Executors never
 * throw for an expected failure (refusal, fault, bad status, timeout): they answer a result the
 * runner can record and show in the thread.
 */
export type ExecutorKind = 'supervisor' | 'http' | 'local' | 'ssh' | 'postgres' | 'kubernetes' | 'manual';

/**
 * `ok`: the call did what it says. `failed`: it did not (refused, faulted, bad status), and nothing
 * changed that we know of. `unknown`: the call may or may not have taken effect (a timeout after
 * the request left, a killed command): run `check` before trying again.
 */
export type Outcome = 'ok' | 'failed' | 'unknown';

export type CallMode = 'dry-run' | 'apply' | 'rollback' | 'check';

/** What an executor saw of its target (a program's state and pid, a job's status). */
export type ObservedState = Readonly<Record<string, string | number | boolean | null>>;

export interface ExecutorResult {
  outcome: Outcome;
  executor: { name: string; kind: ExecutorKind };
  mode: CallMode;
  /** The rendered action, one line, with the executor's secrets masked. */
  action: string;
  /** Why the outcome is not `ok`, or what was notable (already stopped); masked. */
  reason?: string;
  exitStatus?: number | null;
  httpStatus?: number;
  durationMs: number;
  /** A bounded excerpt of what the target said, masked. */
  output: string;
  before?: ObservedState;
  after?: ObservedState;
}

export interface CallOptions {
  /** Cancels the call; each executor also applies its own configured timeout. */
  signal?: AbortSignal;
}

export interface Executor {
  readonly kind: ExecutorKind;
  readonly name: string;
  /** One line for the incident thread, secrets masked. */
  describe(action: ExecutorAction): string;
  /** Shows what `apply` would do without changing anything (or calls the step's check endpoint). */
  dryRun(action: ExecutorAction, options?: CallOptions): Promise<ExecutorResult>;
  apply(action: ExecutorAction, options?: CallOptions): Promise<ExecutorResult>;
  /** Undoes `apply` from its own result (`rollback: previous`). */
  rollback(action: ExecutorAction, applied: ExecutorResult, options?: CallOptions): Promise<ExecutorResult>;
  /** Read-only: the target's state now, to learn whether an unrecorded step happened. */
  check(action: ExecutorAction, options?: CallOptions): Promise<ExecutorResult>;
}
