import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { waitFor } from './test-runtime.js';

/**
 * Debian's `supervisord`, installed with apt when missing (CI installs it up front). Returns the
 * path, or a reason the tests must skip. The system service it may start is never used: each test
 * runs its own supervisord with a private config in a temp dir.
 */
export function ensureSupervisord(): { binary: string } | { skip: string } {
  const found = spawnSync('sh', ['-c', 'command -v supervisord'], { encoding: 'utf8' });
  if (found.status === 0) return { binary: found.stdout.trim() };
  const installed = spawnSync(
    'sh',
    [
      '-c',
      // The system service the package may start is stopped: each test runs its own supervisord.
      'apt-get update -qq && apt-get install -y -qq supervisor >/dev/null && { service supervisor stop >/dev/null 2>&1 || true; } && command -v supervisord',
    ],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (installed.status === 0) return { binary: installed.stdout.trim() };
  return {
    skip: `supervisord is not installed and apt-get could not install it: ${installed.stderr.trim()}`,
  };
}

/** A real HTTP server that answers with its own pid: proof a restart made a new process. */
const PID_SERVER = `
import { createServer } from 'node:http';
createServer((req, res) => res.end(String(process.pid))).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

/** A process that ignores SIGTERM: supervisord's stop waits `stopwaitsecs`, then kills it. */
const STUBBORN = `
process.on('SIGTERM', () => {});
setInterval(() => {}, 1000);
`;

/** The catalog's `lab-supervisor` executor entry for `supervisord`, its password from LAB_SUPERVISOR_PASSWORD. */
export function labSupervisorExecutorYaml(
  supervisord: RunningSupervisord,
  programs: readonly string[],
): string {
  return `  - name: lab-supervisor
    kind: supervisor
    url: ${supervisord.url}
    username: ${supervisord.username}
    credentials: { password: { env: LAB_SUPERVISOR_PASSWORD } }
    programs: [${programs.join(', ')}]
    timeoutMs: 20000
`;
}

export interface RunningSupervisord {
  /** `http://127.0.0.1:PORT` of its inet_http_server. */
  url: string;
  username: string;
  password: string;
  /** The loopback port the managed `web` program answers on. */
  webPort: number;
  /** The pid supervisord's own supervisorctl reports for a program (0 when not running). */
  pidOf(program: string): Promise<number>;
  /** Restarts a program with supervisord's own supervisorctl (what a deploy tool would run). */
  restart(program: string): Promise<void>;
  stop(): Promise<void>;
}

/** A further program for supervisord to run (and wait for) beside the standard three. */
export interface ExtraProgram {
  name: string;
  command: string;
  environment?: Readonly<Record<string, string>>;
  directory?: string;
  /** Answers once the program serves: supervisord's start waits for it. */
  ready: () => Promise<boolean>;
}

/**
 * supervisord managing `web`, a node HTTP server answering with its pid, `stubborn`, which takes
 * three seconds to stop, `broken`, which exits as soon as it starts, and any `extra` programs.
 */
export async function startSupervisord(
  binary: string,
  extra: readonly ExtraProgram[] = [],
): Promise<RunningSupervisord> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-supervisord-'));
  const port = await freeLoopbackPort();
  const webPort = await freeLoopbackPort();
  const username = 'warroom';
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const url = `http://127.0.0.1:${port}`;
  await writeFile(join(dir, 'web.mjs'), PID_SERVER);
  await writeFile(join(dir, 'stubborn.mjs'), STUBBORN);
  const configPath = join(dir, 'supervisord.conf');
  await writeFile(
    configPath,
    [
      '[supervisord]',
      `logfile=${join(dir, 'supervisord.log')}`,
      `pidfile=${join(dir, 'supervisord.pid')}`,
      `childlogdir=${dir}`,
      'user=root',
      '[inet_http_server]',
      `port=127.0.0.1:${port}`,
      `username=${username}`,
      `password=${password}`,
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '[supervisorctl]',
      `serverurl=${url}`,
      `username=${username}`,
      `password=${password}`,
      '[program:web]',
      `command=${process.execPath} ${join(dir, 'web.mjs')}`,
      `environment=PORT="${webPort}"`,
      'startsecs=1',
      'stopwaitsecs=5',
      'autorestart=true',
      `stdout_logfile=${join(dir, 'web.log')}`,
      'redirect_stderr=true',
      '[program:stubborn]',
      `command=${process.execPath} ${join(dir, 'stubborn.mjs')}`,
      'startsecs=1',
      'stopwaitsecs=3',
      `stdout_logfile=${join(dir, 'stubborn.log')}`,
      'redirect_stderr=true',
      '[program:broken]',
      // /bin/sh, not node: on a loaded machine node may take longer than startsecs to exit, and
      // supervisord would count it as started.
      'command=/bin/sh -c "exit 3"',
      'autostart=false',
      'startretries=0',
      'startsecs=2',
      ...extra.flatMap((program) => [
        `[program:${program.name}]`,
        `command=${program.command}`,
        ...(program.environment
          ? [
              `environment=${Object.entries(program.environment)
                .map(([name, value]) => `${name}="${value}"`)
                .join(',')}`,
            ]
          : []),
        ...(program.directory ? [`directory=${program.directory}`] : []),
        'startsecs=1',
        'stopwaitsecs=5',
        'autorestart=true',
        `stdout_logfile=${join(dir, `${program.name}.log`)}`,
        'redirect_stderr=true',
      ]),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['-n', '-c', configPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const supervisorctl = join(dirname(binary), 'supervisorctl');
  // supervisorctl exits non-zero for a program that is not running; its stdout still answers.
  const supervisorctlSays = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(supervisorctl, ['-c', configPath, ...args]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    return stdout.trim();
  };
  const pidOf = async (program: string) => Number(await supervisorctlSays('pid', program));
  const restart = async (program: string) => {
    await supervisorctlSays('restart', program);
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`supervisord exited: ${stderr}`);
        const status = await supervisorctlSays('status');
        const running = ['web', 'stubborn', ...extra.map((program) => program.name)].every((program) =>
          new RegExp(`^${program}\\s+RUNNING`, 'm').test(status),
        );
        if (!running || !(await fetch(`http://127.0.0.1:${webPort}/`)).ok) return undefined;
        const ready = await Promise.all(extra.map((program) => program.ready().catch(() => false)));
        return ready.every(Boolean) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'supervisord to run web' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, username, password, webPort, pidOf, restart, stop };
}
