import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const STOP_GRACE_MS = 10_000;
const EXIT_POLL_MS = 100;

/**
 * The leash: a shell leads the group, runs the command in it, and blocks reading a pipe from this
 * process. When this process ends, however it ends (even SIGKILL), the pipe closes, the read
 * returns and the shell sends SIGTERM to its whole group: nothing started here outlives the runner.
 */
const LEASH = '"$@" < /dev/null & read _; kill -TERM 0';

const running = new Set<GroupProcess>();

export interface GroupProcess {
  name: string;
  pid: number;
  /** SIGTERM to the whole group, SIGKILL to whatever is left after the grace period. */
  stop(): Promise<void>;
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a command in its own process group and session (a Ctrl-C in the terminal reaches only the
 * runner, which stops things in order), on a leash, with its output appended to `logFile`.
 */
export function startGroup(
  name: string,
  command: string,
  args: readonly string[],
  options: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv },
): GroupProcess {
  const log = openSync(options.logFile, 'a');
  const child = spawn('sh', ['-c', LEASH, name, command, ...args], {
    detached: true,
    stdio: ['pipe', log, log],
    cwd: options.cwd,
    env: options.env ?? process.env,
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: ${command} could not be started`);
  // The leash's pipe stays open (and keeps this process alive) until the group is stopped.
  child.stdin?.on('error', () => {});
  const handle: GroupProcess = {
    name,
    pid,
    async stop() {
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + STOP_GRACE_MS;
      while (signalGroup(pid, 0) && Date.now() < deadline) await sleep(EXIT_POLL_MS);
      signalGroup(pid, 'SIGKILL');
      while (signalGroup(pid, 0) && Date.now() < deadline + 2_000) await sleep(EXIT_POLL_MS);
      child.stdin?.destroy();
      running.delete(handle);
    },
  };
  running.add(handle);
  return handle;
}

/** Stops every group still running (a runner interrupted while the lab was starting). */
export async function stopAllGroups(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}
