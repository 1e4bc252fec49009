import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';

/** Why a test that needs `binary` cannot run here, or undefined when it is on the PATH. */
export function redisToolMissing(
  binary: 'redis-server' | 'redis-sentinel' | 'redis-cli',
): string | undefined {
  const found = spawnSync(binary, ['--version'], { stdio: 'ignore' });
  if (found.error === undefined && found.status === 0) return undefined;
  const pkg = binary === 'redis-sentinel' ? 'redis-sentinel' : 'redis-server or redis-tools';
  return `${binary} is not on the PATH (apt-get install ${pkg})`;
}

/** One private redis-server or redis-sentinel on a loopback port, in a directory of its own. */
export interface RedisProcess {
  port: number;
  dir: string;
  /** SIGKILL: gone at once, unsaved data with it. */
  kill(): Promise<void>;
  /** Starts it again on the same port and config (a killed server comes back empty). */
  restart(): Promise<void>;
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

/** Spawns `binary` on `config`; resolves once its output shows `ready`, rejects if it exits first. */
async function spawnReady(binary: string, config: string, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(binary, [config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${binary} exited (${code}): ${output.slice(-800)}`)));
  });
  return child;
}

/**
 * Starts `binary` on a config file holding `lines` (plus port, bind and dir) and resolves once its
 * output shows `ready`; a process that exits first rejects with the end of its output.
 */
export async function startRedisProcess(
  binary: 'redis-server' | 'redis-sentinel',
  lines: readonly string[],
  ready: RegExp,
): Promise<RedisProcess> {
  const port = await freeLoopbackPort();
  const dir = mkdtempSync(join(tmpdir(), `warroom-test-${binary}-`));
  const config = join(dir, `${binary}.conf`);
  writeFileSync(
    config,
    [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, 'save ""', 'appendonly no', ...lines, ''].join('\n'),
  );
  let child = await spawnReady(binary, config, ready);
  return {
    port,
    dir,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      child = await spawnReady(binary, config, /Ready to accept connections/);
    },
  };
}

/** Kills every process and removes their directories. */
export async function disposeRedisProcesses(processes: readonly RedisProcess[]): Promise<void> {
  await Promise.all(processes.map((process) => process.kill()));
  for (const process of processes) rmSync(process.dir, { recursive: true, force: true });
}

/** Processes and the clients a helper opened on them, gone together (also when starting failed). */
export function redisGroup() {
  const processes: RedisProcess[] = [];
  const clients: Redis[] = [];
  return {
    processes,
    add(process: RedisProcess): RedisProcess {
      processes.push(process);
      return process;
    },
    /** A client on the process at `port`, closed with the group. */
    client(port: number): Redis {
      const connection = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
      connection.on('error', () => undefined);
      clients.push(connection);
      return connection;
    },
    async dispose(): Promise<void> {
      for (const connection of clients) connection.disconnect();
      await disposeRedisProcesses(processes);
    },
  };
}
