import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';

/**
 * A redis-server of the test's own on a free port, to stop, kill and start again: outages the
 * shared test Redis must never suffer. Data survives `stop()` (SHUTDOWN SAVE, then the same
 * directory on restart), not `kill()`.
 */
export interface OwnRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  /** Stops it cleanly, saving its data for the next start. */
  stop(): Promise<void>;
  /** SIGKILL: gone at once, data with it. */
  kill(): Promise<void>;
  dispose(): Promise<void>;
}

export async function ownRedis(options: { port?: number; started?: boolean } = {}): Promise<OwnRedis> {
  const port = options.port ?? (await freeLoopbackPort());
  const dir = mkdtempSync(join(tmpdir(), 'warroom-test-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = server;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      server.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)),
      );
    });
  };

  const exited = async (server: ChildProcess) => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    await once(server, 'exit');
  };

  const stop = async () => {
    const server = child;
    if (!server) return;
    child = undefined;
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    await client.connect();
    // The connection drops as the server goes: that rejection is the expected answer.
    await client.call('SHUTDOWN', 'SAVE').catch(() => undefined);
    client.disconnect();
    await exited(server);
  };

  const kill = async () => {
    const server = child;
    if (!server) return;
    child = undefined;
    server.kill('SIGKILL');
    await exited(server);
  };

  if (options.started !== false) await start();
  return {
    port,
    url,
    start,
    stop,
    kill,
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
