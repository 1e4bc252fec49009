import type { ResolvedCredentials } from '../credentials.js';
import { guardRefusal } from '../guard-step.js';
import type { CallMode, CallOptions, Executor } from '../port.js';
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
import type { SshExecutorConfig } from './ssh-config.js';
import { runOverSsh, type SshRun, type SshTarget } from './ssh-session.js';

/**
 * Runs a runbook step's command on one host over SSH, with a key, against a pinned host key. Every
 * command goes through the safety guard before a connection is opened.
 */
export function createSshExecutor(config: SshExecutorConfig, credentials: ResolvedCredentials): Executor {
  const context: ResultContext = {
    executor: { name: config.name, kind: 'ssh' },
    redact: createRedactor([...keyForms(credentials.privateKey ?? ''), credentials.passphrase ?? '']),
    outputLimit: config.outputLimit,
  };
  const target: SshTarget = {
    host: config.host,
    port: config.port,
    username: config.username,
    hostKey: config.hostKey,
    privateKey: credentials.privateKey ?? '',
    ...(credentials.passphrase === undefined ? {} : { passphrase: credentials.passphrase }),
  };
  const line = (command: string) =>
    `ssh ${config.name}: ${command} (as ${config.username} on ${config.host})`;

  async function run(mode: CallMode, command: string, options: CallOptions | undefined) {
    const finish = startCall(context, mode, line(command));
    const refusal = guardRefusal(command, 'command');
    if (refusal !== undefined) return finish({ outcome: 'failed', reason: refusal });
    const signal = callSignal(options, config.timeoutMs);
    const ran = await runOverSsh(target, command, {
      signal,
      outputLimit: config.outputLimit,
      abortReason: () => abortReason(signal, config.timeoutMs),
    });
    return finish(judge(ran, mode));
  }

  const without = (mode: CallMode, command: string, outcome: 'failed' | 'unknown', reason: string) =>
    answerWithout(context, mode, line(command), outcome, reason);

  return {
    kind: 'ssh',
    name: config.name,
    describe: (action) => (action.kind === 'ssh' ? line(action.command) : `${action.kind} action`),
    async dryRun(action, options) {
      if (action.kind !== 'ssh') return wrongKind(context, 'dry-run', action.kind);
      const refusal = guardRefusal(action.command, 'command');
      if (refusal !== undefined) return without('dry-run', action.command, 'failed', refusal);
      if (action.check !== undefined) return run('dry-run', action.check, options);
      return startCall(
        context,
        'dry-run',
        line(action.command),
      )({ outcome: 'ok', output: `would run on ${config.host}: ${action.command} (the guard allows it)` });
    },
    async apply(action, options) {
      if (action.kind !== 'ssh') return wrongKind(context, 'apply', action.kind);
      return run('apply', action.command, options);
    },
    async rollback(action, _applied, options) {
      if (action.kind !== 'ssh') return wrongKind(context, 'rollback', action.kind);
      if (action.rollback === undefined)
        return without('rollback', action.command, 'failed', 'the step names no rollback command');
      return run('rollback', action.rollback, options);
    },
    async check(action, options) {
      if (action.kind !== 'ssh') return wrongKind(context, 'check', action.kind);
      if (action.check === undefined)
        return without(
          'check',
          action.command,
          'unknown',
          'the step names no check command: someone has to look',
        );
      return run('check', action.check, options);
    },
  };
}

function judge(ran: SshRun, mode: CallMode): ResultDraft {
  const base = { exitStatus: ran.exitStatus, output: ran.output };
  if (ran.failure !== undefined)
    // Before the command left, nothing changed; after, only a check can tell.
    return { ...base, outcome: ran.sent ? 'unknown' : 'failed', reason: ran.failure };
  if (mode === 'check' && ran.exitStatus !== null)
    return { ...base, outcome: 'ok', after: { exitStatus: ran.exitStatus } };
  if (ran.exitStatus === 0) return { ...base, outcome: 'ok' };
  const how =
    ran.exitStatus === null
      ? `was killed by ${ran.exitSignal ?? 'a signal'}`
      : `exited with ${ran.exitStatus}`;
  return { ...base, outcome: 'failed', reason: `the command ${how}` };
}

/** The key whole and each of its base64 lines, so a key printed in pieces or rewrapped is masked too. */
function keyForms(privateKey: string): string[] {
  const lines = privateKey.split(/\r?\n/).filter((line) => line.length >= 16 && !line.startsWith('-----'));
  return [privateKey, privateKey.trim(), ...lines];
}
