import type { CallMode, CallOptions, ExecutorKind, ExecutorResult, ObservedState, Outcome } from './port.js';
import { excerpt, type Redact } from './redact.js';

/** What an adapter found out; `finish` masks it, bounds it and times it. */
export interface ResultDraft {
  outcome: Outcome;
  reason?: string;
  exitStatus?: number | null;
  httpStatus?: number;
  output?: string;
  before?: ObservedState;
  after?: ObservedState;
}

export interface ResultContext {
  executor: { name: string; kind: ExecutorKind };
  redact: Redact;
  outputLimit?: number;
}

/** Starts a call's clock; the returned function turns a draft into the masked, bounded result. */
export function startCall(context: ResultContext, mode: CallMode, action: string) {
  const startedAt = performance.now();
  return (draft: ResultDraft): ExecutorResult => {
    const { redact } = context;
    return {
      outcome: draft.outcome,
      executor: context.executor,
      mode,
      action: redact(action),
      ...(draft.reason === undefined ? {} : { reason: redact(draft.reason) }),
      ...(draft.exitStatus === undefined ? {} : { exitStatus: draft.exitStatus }),
      ...(draft.httpStatus === undefined ? {} : { httpStatus: draft.httpStatus }),
      durationMs: Math.round(performance.now() - startedAt),
      // Masked before it is cut, so a cut never leaves half a secret behind.
      output: excerpt(redact(draft.output ?? ''), context.outputLimit),
      ...(draft.before === undefined ? {} : { before: draft.before }),
      ...(draft.after === undefined ? {} : { after: draft.after }),
    };
  };
}

/** The caller's signal (if any) and the executor's own timeout, as one signal. */
export function callSignal(options: CallOptions | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return options?.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
}

/** `timed out after N ms` or `was cancelled`. */
export function abortReason(signal: AbortSignal, timeoutMs: number): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError'
    ? `timed out after ${timeoutMs} ms`
    : 'was cancelled';
}

/** A call answered without touching the target: refused, or nothing to do it with. */
export function answerWithout(
  context: ResultContext,
  mode: CallMode,
  action: string,
  outcome: 'failed' | 'unknown',
  reason: string,
): ExecutorResult {
  return startCall(context, mode, action)({ outcome, reason });
}

/** A result for an action of another kind than the executor's: a wiring mistake, refused. */
export function wrongKind(context: ResultContext, mode: CallMode, actionKind: string): ExecutorResult {
  const { kind, name } = context.executor;
  const reason = `a ${actionKind} action cannot run on the ${kind} executor ${name}`;
  return answerWithout(context, mode, `${actionKind} action`, 'failed', reason);
}
