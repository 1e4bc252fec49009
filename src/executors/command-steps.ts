import type { ExecutorAction } from './actions.js';
import { guardRefusal } from './guard-step.js';
import type { CallMode, CallOptions, Executor, ExecutorResult } from './port.js';
import { answerWithout, type ResultContext, wrongKind } from './result.js';

/**
 * The port for executors whose step is one command (a shell line, an SQL statement) with an
 * optional read-only `check` and an optional `rollback` of the same sort. Every one of them goes
 * through the safety guard before anything connects; a dry run runs the check, or `dryRunWithout`
 * when the step declares none. The kind's own part is how a command runs and reads.
 */
export interface CommandSteps<K extends ExecutorAction['kind'], C> {
  kind: K;
  name: string;
  context: ResultContext;
  /** `command` or `statement`, in refusals. */
  noun: 'command' | 'statement';
  textOf(command: C): string;
  line(command: C): string;
  run(mode: CallMode, command: C, options: CallOptions | undefined): Promise<ExecutorResult>;
  /** The dry run of a step with no check: shows what would run without running it. */
  dryRunWithout(command: C, options: CallOptions | undefined): Promise<ExecutorResult>;
}

type ActionOf<K> = Extract<ExecutorAction, { kind: K }>;
type Parts<C> = { main: C; check?: C; rollback?: C };

export function commandStepExecutor<K extends 'ssh' | 'postgres', C>(
  steps: CommandSteps<K, C>,
  partsOf: (action: ActionOf<K>) => Parts<C>,
): Executor {
  const { context, kind, noun } = steps;
  const own = (action: ExecutorAction): action is ActionOf<K> => action.kind === kind;
  const refusal = (command: C) => guardRefusal(steps.textOf(command), noun);
  const guarded = (mode: CallMode, command: C, options: CallOptions | undefined) => {
    const refused = refusal(command);
    return refused === undefined
      ? steps.run(mode, command, options)
      : Promise.resolve(answerWithout(context, mode, steps.line(command), 'failed', refused));
  };
  const without = (mode: CallMode, command: C, outcome: 'failed' | 'unknown', reason: string) =>
    answerWithout(context, mode, steps.line(command), outcome, reason);

  return {
    kind,
    name: steps.name,
    describe: (action) => (own(action) ? steps.line(partsOf(action).main) : `${action.kind} action`),
    async dryRun(action, options) {
      if (!own(action)) return wrongKind(context, 'dry-run', action.kind);
      const { main, check } = partsOf(action);
      // The step itself is guarded even when only its check runs: a dry run must not pass a step apply would refuse.
      const refused = refusal(main);
      if (refused !== undefined) return without('dry-run', main, 'failed', refused);
      if (check !== undefined) return guarded('dry-run', check, options);
      return steps.dryRunWithout(main, options);
    },
    async apply(action, options) {
      if (!own(action)) return wrongKind(context, 'apply', action.kind);
      return guarded('apply', partsOf(action).main, options);
    },
    async rollback(action, _applied, options) {
      if (!own(action)) return wrongKind(context, 'rollback', action.kind);
      const { main, rollback } = partsOf(action);
      if (rollback === undefined)
        return without('rollback', main, 'failed', `the step names no rollback ${noun}`);
      return guarded('rollback', rollback, options);
    },
    async check(action, options) {
      if (!own(action)) return wrongKind(context, 'check', action.kind);
      const { main, check } = partsOf(action);
      if (check === undefined)
        return without('check', main, 'unknown', `the step names no check ${noun}: someone has to look`);
      return guarded('check', check, options);
    },
  };
}
