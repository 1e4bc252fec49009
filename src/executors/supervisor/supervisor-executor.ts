import { isSupervisorProgramName, type SupervisorAction } from '../actions.js';
import type { ResolvedCredentials } from '../credentials.js';
import type { SupervisorExecutorConfig } from '../executor-config.js';
import type { CallMode, CallOptions, Executor, ExecutorResult, ObservedState } from '../port.js';
import { createRedactor } from '../redact.js';
import { callSignal, type ResultContext, type ResultDraft, startCall, wrongKind } from '../result.js';
import { callSupervisor, SupervisorTransportError, supervisorEndpoint } from './supervisor-client.js';
import type { XmlRpcParam } from './xml-rpc.js';

/** Restarts, stops and starts supervisord programs over XML-RPC; reads state with getProcessInfo. */
class SupervisorFault extends Error {
  constructor(
    readonly faultName: string,
    faultString: string,
  ) {
    super(faultString);
  }
}

interface ProcessInfo {
  program: string;
  state: string;
  pid: number;
  description: string;
}

const RUNNING = new Set(['RUNNING', 'STARTING']);
const STOPPED = new Set(['STOPPED', 'EXITED', 'FATAL']);

interface Call {
  signal: AbortSignal;
  log: string[];
  /** Set once a state-changing call has left: from then on a lost reply means `unknown`. */
  changing: boolean;
  /** The state read before changing anything, kept for a failure's result. */
  before?: ProcessInfo;
}

export function createSupervisorExecutor(
  config: SupervisorExecutorConfig,
  credentials: ResolvedCredentials,
): Executor {
  const endpoint = supervisorEndpoint(config, credentials);
  const basic = endpoint.authorization?.slice('Basic '.length);
  const context: ResultContext = {
    executor: { name: config.name, kind: 'supervisor' },
    redact: createRedactor([credentials.password ?? '', basic ?? ''].filter(Boolean)),
    outputLimit: config.outputLimit,
  };

  async function rpc(call: Call, method: string, ...params: XmlRpcParam[]) {
    const reply = await callSupervisor(endpoint, `supervisor.${method}`, params, call.signal);
    if (!reply.ok) {
      const faultName = reply.faultString.split(':')[0]?.trim() ?? String(reply.faultCode);
      throw new SupervisorFault(faultName, reply.faultString);
    }
    return reply.value;
  }

  async function processInfo(call: Call, program: string): Promise<ProcessInfo> {
    const info = (await rpc(call, 'getProcessInfo', program)) as Record<string, unknown>;
    return {
      program,
      state: String(info.statename ?? 'UNKNOWN'),
      pid: Number(info.pid ?? 0),
      description: String(info.description ?? ''),
    };
  }

  /** Calls a state change, treating "already there" faults as success. */
  async function change(call: Call, operation: 'start' | 'stop', program: string): Promise<void> {
    call.changing = true;
    try {
      await rpc(call, operation === 'start' ? 'startProcess' : 'stopProcess', program, true);
      call.log.push(`${operation === 'start' ? 'started' : 'stopped'} ${program}`);
    } catch (error) {
      const already = operation === 'start' ? 'ALREADY_STARTED' : 'NOT_RUNNING';
      if (!(error instanceof SupervisorFault && error.faultName === already)) throw error;
      call.log.push(`${program} was already ${operation === 'start' ? 'running' : 'stopped'}`);
    }
  }

  function failure(error: unknown, call: Call, program: string): ResultDraft {
    const output = call.log.join('\n');
    const before = call.before === undefined ? {} : { before: observed(call.before) };
    if (error instanceof SupervisorFault) {
      if (error.faultName === 'BAD_NAME')
        return {
          outcome: 'failed',
          reason: `no program ${program} in supervisord at ${endpoint.label}`,
          output,
        };
      return {
        outcome: 'failed',
        reason: `supervisord at ${endpoint.label}: ${error.message}`,
        output,
        ...before,
      };
    }
    const reason = error instanceof Error ? error.message : String(error);
    const mayHaveHappened =
      call.changing && !(error instanceof SupervisorTransportError && error.sent === false);
    return { outcome: mayHaveHappened ? 'unknown' : 'failed', reason, output, ...before };
  }

  async function run(
    mode: CallMode,
    action: SupervisorAction,
    options: CallOptions | undefined,
    body: (call: Call) => Promise<ResultDraft>,
  ): Promise<ExecutorResult> {
    const finish = startCall(context, mode, describe(action));
    if (!isSupervisorProgramName(action.program))
      return finish({
        outcome: 'failed',
        reason: `${JSON.stringify(action.program)} is not a supervisord program name`,
      });
    if (config.programs !== undefined && !config.programs.includes(action.program))
      return finish({
        outcome: 'failed',
        reason: `program ${action.program} is not among the programs executor ${config.name} may touch`,
      });
    const call: Call = { signal: callSignal(options, config.timeoutMs), log: [], changing: false };
    try {
      return finish(await body(call));
    } catch (error) {
      if (mode === 'check' && !(error instanceof SupervisorFault)) {
        // Nothing read: the state is unknown, never as the step leaves it, nor as it found it.
        const why = error instanceof Error ? error.message : String(error);
        return finish({
          outcome: 'unknown',
          reason: `supervisord at ${endpoint.label} cannot be reached (${why}): the state of ${action.program} is unknown`,
          output: call.log.join('\n'),
        });
      }
      const draft = failure(error, call, action.program);
      // supervisord answered with a fault mid-change: its state now says how far the change got.
      if (error instanceof SupervisorFault && call.changing) {
        const after = await processInfo(call, action.program).catch(() => undefined);
        if (after !== undefined) draft.after = observed(after);
      }
      return finish(draft);
    }
  }

  function describe(action: SupervisorAction): string {
    return `supervisor ${config.name}: ${action.operation} program ${action.program} at ${endpoint.label}`;
  }

  return {
    kind: 'supervisor',
    name: config.name,
    describe: (action) =>
      action.kind === 'supervisor' ? context.redact(describe(action)) : `${action.kind} action`,

    async dryRun(action, options) {
      if (action.kind !== 'supervisor') return wrongKind(context, 'dry-run', action.kind);
      return run('dry-run', action, options, async (call) => {
        const before = await processInfo(call, action.program);
        return {
          outcome: 'ok',
          before: observed(before),
          output: `would ${action.operation} ${summary(before)}`,
        };
      });
    },

    async apply(action, options) {
      if (action.kind !== 'supervisor') return wrongKind(context, 'apply', action.kind);
      return run('apply', action, options, async (call) => {
        const before = await processInfo(call, action.program);
        call.before = before;
        if (action.operation !== 'start') await change(call, 'stop', action.program);
        if (action.operation !== 'stop') await change(call, 'start', action.program);
        const after = await processInfo(call, action.program);
        const reason = verify(action.operation, before, after);
        return {
          outcome: reason === undefined ? 'ok' : 'failed',
          ...(reason === undefined ? {} : { reason }),
          before: observed(before),
          after: observed(after),
          output: [...call.log, `now ${summary(after)}`].join('\n'),
        };
      });
    },

    async rollback(action, applied, options) {
      if (action.kind !== 'supervisor') return wrongKind(context, 'rollback', action.kind);
      return run('rollback', action, options, async (call) => {
        const previous = applied.before?.state;
        if (typeof previous !== 'string')
          return { outcome: 'failed', reason: 'the apply result records no previous state to return to' };
        const now = await processInfo(call, action.program);
        call.before = now;
        const wantRunning = RUNNING.has(previous);
        if (wantRunning && !RUNNING.has(now.state)) await change(call, 'start', action.program);
        else if (!wantRunning && RUNNING.has(now.state)) await change(call, 'stop', action.program);
        else call.log.push(`${action.program} is already ${now.state}; nothing to undo`);
        const after = await processInfo(call, action.program);
        const back = wantRunning ? RUNNING.has(after.state) : !RUNNING.has(after.state);
        return {
          outcome: back ? 'ok' : 'failed',
          ...(back ? {} : { reason: `${action.program} is ${after.state}, not back to ${previous}` }),
          before: observed(now),
          after: observed(after),
          output: [...call.log, `now ${summary(after)}`].join('\n'),
        };
      });
    },

    async check(action, options) {
      if (action.kind !== 'supervisor') return wrongKind(context, 'check', action.kind);
      return run('check', action, options, async (call) => {
        const now = await processInfo(call, action.program);
        return { outcome: 'ok', after: observed(now), output: summary(now) };
      });
    },
  };
}

function verify(operation: SupervisorAction['operation'], before: ProcessInfo, after: ProcessInfo) {
  if (operation === 'stop')
    return STOPPED.has(after.state) ? undefined : `${after.program} is ${after.state} after stop`;
  if (after.state !== 'RUNNING') return `${after.program} is ${after.state} after ${operation}`;
  if (operation === 'restart' && before.state === 'RUNNING' && before.pid === after.pid)
    return `${after.program} kept pid ${after.pid}: it did not restart`;
  return undefined;
}

function observed(info: ProcessInfo): ObservedState {
  return { program: info.program, state: info.state, pid: info.pid, description: info.description };
}

function summary(info: ProcessInfo): string {
  return `${info.program} ${info.state}${info.pid > 0 ? ` (pid ${info.pid})` : ''}`;
}
