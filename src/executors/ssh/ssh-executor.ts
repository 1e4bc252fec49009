import { commandStepExecutor } from '../command-steps.js';
import type { ResolvedCredentials } from '../credentials.js';
import type { CallMode, Executor } from '../port.js';
import { createRedactor } from '../redact.js';
import { abortReason, callSignal, type ResultContext, type ResultDraft, startCall } from '../result.js';
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

  return commandStepExecutor<'ssh', string>(
    {
      kind: 'ssh',
      name: config.name,
      context,
      noun: 'command',
      textOf: (command) => command,
      line,
      async run(mode, command, options) {
        const finish = startCall(context, mode, line(command));
        const signal = callSignal(options, config.timeoutMs);
        const ran = await runOverSsh(target, command, {
          signal,
          outputLimit: config.outputLimit,
          abortReason: () => abortReason(signal, config.timeoutMs),
        });
        return finish(judge(ran, mode));
      },
      dryRunWithout: async (command) =>
        startCall(
          context,
          'dry-run',
          line(command),
        )({
          outcome: 'ok',
          output: `would run on ${config.host}: ${command} (the guard allows it)`,
        }),
    },
    (action) => ({ main: action.command, check: action.check, rollback: action.rollback }),
  );
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
