import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * Runs an argument list with no shell: the program is exec'd directly and each entry of `args` is
 * one argv entry, whatever characters it holds. The child gets exactly `env` (nothing inherited)
 * and its own process group, so a timeout kills it and anything it started.
 */
export interface CommandOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved; the head and tail when longer than the limit. */
  output: string;
  /** Why it was killed (`timed out after …`, `cancelled`), when it was. */
  killed?: string;
  /** The child never started (ENOENT, EACCES). */
  spawnError?: string;
}

const KILL_GRACE_MS = 2000;

export function runCommand(
  argv: readonly string[],
  options: {
    env: Record<string, string>;
    cwd?: string;
    signal: AbortSignal;
    outputLimit: number;
    killReason: () => string;
  },
): Promise<CommandOutcome> {
  const [program, ...args] = argv;
  if (program === undefined)
    return Promise.resolve({ exitCode: null, signal: null, output: '', spawnError: 'empty command' });
  const output = boundedText(options.outputLimit);
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    child = spawn(program, args, {
      env: options.env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      shell: false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    // spawn throws at once for arguments no process can take (a NUL byte).
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return Promise.resolve({
      exitCode: null,
      signal: null,
      output: '',
      spawnError: `cannot run ${program} (${code})`,
    });
  }
  return new Promise((resolve) => {
    let killed: string | undefined;
    let forceKill: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const onAbort = () => {
      killed = options.killReason();
      killGroup('SIGTERM');
      forceKill = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => output.add(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => output.add(chunk.toString('utf8')));
    const settle = (outcome: CommandOutcome) => {
      options.signal.removeEventListener('abort', onAbort);
      clearTimeout(forceKill);
      resolve(outcome);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      settle({
        exitCode: null,
        signal: null,
        output: output.text(),
        spawnError: `cannot run ${program} (${error.code ?? error.message})`,
      }),
    );
    child.once('close', (exitCode, signal) =>
      settle({ exitCode, signal, output: output.text(), ...(killed === undefined ? {} : { killed }) }),
    );
  });
}

/** Keeps the first and last `limit` characters of a stream, so a chatty child cannot fill memory. */
export function boundedText(limit: number) {
  let head = '';
  let tail = '';
  let dropped = 0;
  return {
    add(chunk: string) {
      const room = limit - head.length;
      if (room > 0) {
        head += chunk.slice(0, room);
        chunk = chunk.slice(room);
      }
      tail += chunk;
      if (tail.length > limit) {
        dropped += tail.length - limit;
        tail = tail.slice(tail.length - limit);
      }
    },
    text: () => (dropped === 0 ? head + tail : `${head}\n… [${dropped} characters omitted] …\n${tail}`),
  };
}
