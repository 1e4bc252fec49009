import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const STOP_GRACE_MS = 10_000;
const EXIT_POLL_MS = 100;

export interface GroupProcess {
  name: string;
  pid: number;
  exited(): boolean;
  /** SIGTERM to the whole group, SIGKILL to whatever is left after the grace period. */
  stop(): Promise<void>;
}

const running = new Set<GroupProcess>();

// Last resort when the runner exits without stopping what it started (an error, process.exit):
// nothing started here outlives it.
process.once('exit', () => {
  for (const child of running) signalGroup(child.pid, 'SIGKILL');
});

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

/**
 * Starts a command as the leader of its own process group (so a stop reaches everything it starts,
 * and a Ctrl-C in the terminal reaches only the runner, which stops things in order), with its
 * output appended to `logFile`.
 */
export function startGroup(
  name: string,
  command: string,
  args: readonly string[],
  options: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv },
): GroupProcess {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', log, log],
    cwd: options.cwd,
    env: options.env ?? process.env,
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: ${command} could not be started`);
  let exitedFlag = false;
  child.once('exit', () => {
    exitedFlag = true;
  });
  const handle: GroupProcess = {
    name,
    pid,
    exited: () => exitedFlag,
    async stop() {
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + STOP_GRACE_MS;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(EXIT_POLL_MS);
      signalGroup(pid, 'SIGKILL');
      while (groupAlive(pid) && Date.now() < deadline + 2_000) await sleep(EXIT_POLL_MS);
      running.delete(handle);
    },
  };
  running.add(handle);
  return handle;
}
