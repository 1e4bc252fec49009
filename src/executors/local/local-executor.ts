import type { LocalAction } from '../actions.js';
import type { LocalExecutorConfig } from '../executor-config.js';
import type { CallMode, CallOptions, Executor, ExecutorResult } from '../port.js';
import { createRedactor } from '../redact.js';
import {
  abortReason,
  answerWithout,
  callSignal,
  type ResultContext,
  type ResultDraft,
  startCall,
  wrongKind,
} from '../result.js';
import { runCommand } from './run-command.js';

/**
 * Runs a command on the worker host, for labs. Off unless the operator turns local commands on:
 * a catalog entry alone cannot make the bot run programs on its own machine.
 */
export function createLocalExecutor(config: LocalExecutorConfig, options: { enabled: boolean }): Executor {
  const context: ResultContext = {
    executor: { name: config.name, kind: 'local' },
    redact: createRedactor([]),
    outputLimit: config.outputLimit,
  };
  const env = { PATH: config.path, ...config.env };
  const line = (argv: readonly string[]) => `local ${config.name}: ${JSON.stringify(argv)}`;

  async function run(
    mode: CallMode,
    argv: readonly string[],
    callOptions: CallOptions | undefined,
  ): Promise<ExecutorResult> {
    const finish = startCall(context, mode, line(argv));
    if (!options.enabled)
      return finish({
        outcome: 'failed',
        reason: 'local commands are off on this worker: they run only where the operator enables them (labs)',
      });
    const signal = callSignal(callOptions, config.timeoutMs);
    const ran = await runCommand(argv, {
      env,
      ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
      signal,
      outputLimit: config.outputLimit,
      killReason: () => abortReason(signal, config.timeoutMs),
    });
    return finish(judge(ran, mode));
  }

  function judge(ran: Awaited<ReturnType<typeof runCommand>>, mode: CallMode): ResultDraft {
    const base = { exitStatus: ran.exitCode, output: ran.output };
    if (ran.spawnError !== undefined) return { ...base, outcome: 'failed', reason: ran.spawnError };
    // A killed command may have done part or all of its work: only a check can tell.
    if (ran.killed !== undefined)
      return { ...base, outcome: 'unknown', reason: `the command ${ran.killed} and was killed` };
    // A check that ran to its end has answered, whatever its exit status: the status is the answer.
    if (mode === 'check' && ran.exitCode !== null)
      return { ...base, outcome: 'ok', after: { exitStatus: ran.exitCode } };
    if (ran.exitCode === 0) return { ...base, outcome: 'ok' };
    const how = ran.exitCode === null ? `was killed by ${ran.signal}` : `exited with ${ran.exitCode}`;
    return { ...base, outcome: 'failed', reason: `the command ${how}` };
  }

  const without = (mode: CallMode, action: LocalAction, outcome: 'failed' | 'unknown', reason: string) =>
    answerWithout(context, mode, line(action.argv), outcome, reason);

  return {
    kind: 'local',
    name: config.name,
    describe: (action) => (action.kind === 'local' ? line(action.argv) : `${action.kind} action`),
    async dryRun(action, callOptions) {
      if (action.kind !== 'local') return wrongKind(context, 'dry-run', action.kind);
      if (action.dryRun !== undefined) return run('dry-run', action.dryRun, callOptions);
      return startCall(
        context,
        'dry-run',
        line(action.argv),
      )({
        outcome: 'ok',
        output: `would run ${JSON.stringify(action.argv)} (no shell; environment: ${Object.keys(env).join(', ')})`,
      });
    },
    async apply(action, callOptions) {
      if (action.kind !== 'local') return wrongKind(context, 'apply', action.kind);
      return run('apply', action.argv, callOptions);
    },
    async rollback(action, _applied, callOptions) {
      if (action.kind !== 'local') return wrongKind(context, 'rollback', action.kind);
      if (action.rollback === undefined)
        return without('rollback', action, 'failed', 'the step names no rollback command');
      return run('rollback', action.rollback, callOptions);
    },
    async check(action, callOptions) {
      if (action.kind !== 'local') return wrongKind(context, 'check', action.kind);
      if (action.check === undefined)
        return without('check', action, 'unknown', 'the step names no check command: someone has to look');
      return run('check', action.check, callOptions);
    },
  };
}
