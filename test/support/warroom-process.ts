import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/**
 * `src/main.ts` in a child process of its own, as production runs it: real signals, real exit
 * codes, its pino JSON log read line by line. Whatever it prints that is not JSON is kept apart.
 */
export interface WarroomProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  /** stdout and stderr lines that are not JSON log lines. */
  readonly rawLines: string[];
  /** Resolves with the first log line (past or future) that matches; rejects if the process ends first. */
  waitForLog(matches: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** The `warroom started` line's URL. */
  started(): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const BOT_TOKEN = 'xoxb-process-test';

export function spawnWarroom(env: Record<string, string>): WarroomProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const rawLines: string[] = [];
  const waiters = new Set<() => void>();
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));

  const readLines = (stream: NodeJS.ReadableStream | null) => {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter((text) => text.trim() !== '')) {
        try {
          logs.push(JSON.parse(line) as LogLine);
        } catch {
          rawLines.push(line);
        }
      }
      for (const wake of waiters) wake();
    });
  };
  readLines(child.stdout);
  readLines(child.stderr);

  const waitForLog: WarroomProcess['waitForLog'] = (matches, what, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = logs.find(matches);
        if (!found) return;
        finish();
        resolve(found);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for log line: ${what}\n${tail()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      const tail = () =>
        [...rawLines.slice(-10), ...logs.slice(-10).map((line) => JSON.stringify(line))].join('\n');
      waiters.add(check);
      exited.then(() => {
        if (!waiters.has(check)) return;
        finish();
        reject(new Error(`The process exited before logging: ${what}\n${tail()}`));
      });
      check();
    });

  return {
    child,
    logs,
    rawLines,
    waitForLog,
    async started() {
      const line = await waitForLog((entry) => entry.msg === 'warroom started', 'warroom started');
      return String(line.url);
    },
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The environment of a worker process against `redisUrl`, posting to the Slack emulator at `slackUrl`. */
export function workerEnv(options: {
  redisUrl: string;
  prefix: string;
  slackUrl: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    ROLE: 'worker',
    PORT: '0',
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: 'process-test-secret',
    SLACK_API_URL: options.slackUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.prefix,
    MONITOR_INTERVAL_SECONDS: '0',
    // Process suites read the main channel's threads.
    INCIDENT_CHANNELS: 'off',
    ...options.extra,
  };
}
