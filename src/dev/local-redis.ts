/**
 * `ensureRedis`: Redis without ceremony for `npm start`. REDIS_URL wins; else a Redis already on
 * 127.0.0.1:6379; else a private, throwaway `redis-server` on its own port and directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { freeLoopbackPort } from './local/free-port.js';
import { redisAnswers } from './local/redis-ping.js';

export interface EnsuredRedis {
  url: string;
  /** Where the URL came from: the environment, a Redis already running, or one started here. */
  source: 'REDIS_URL' | 'local' | 'started';
  /** Stops the Redis started here (and deletes its directory); does nothing otherwise. */
  stop(): Promise<void>;
}

export const HOW_TO_GET_REDIS = [
  'Warroom needs Redis: REDIS_URL is unset, nothing answers on 127.0.0.1:6379 and redis-server is not on the PATH.',
  'Any one of these works:',
  '  1. docker compose up -d redis          (then npm start again)',
  '  2. install redis-server: sudo apt-get install redis-server  or  brew install redis',
  '     (Warroom then starts a private one by itself)',
  '  3. REDIS_URL=redis://host:6379 npm start   (a Redis you already have)',
].join('\n');

const START_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 3_000;
const OUTPUT_KEPT = 2_000;

export class RedisUnavailableError extends Error {
  constructor(detail?: string) {
    super(detail ? `${HOW_TO_GET_REDIS}\n(${detail})` : HOW_TO_GET_REDIS);
    this.name = 'RedisUnavailableError';
  }
}

export interface EnsureRedisOptions {
  /** Where a Redis already running is looked for (default 6379, on 127.0.0.1). */
  localPort?: number;
  /** The server to start (default `redis-server`, found on the PATH). */
  binary?: string;
}

export async function ensureRedis(
  url: string | undefined,
  logger: Logger,
  options: EnsureRedisOptions = {},
): Promise<EnsuredRedis> {
  if (url) return { url, source: 'REDIS_URL', stop: async () => {} };
  const localPort = options.localPort ?? 6379;
  if (await redisAnswers('127.0.0.1', localPort)) {
    return { url: `redis://127.0.0.1:${localPort}`, source: 'local', stop: async () => {} };
  }
  return startPrivateRedis(options.binary ?? 'redis-server', logger);
}

async function startPrivateRedis(binary: string, logger: Logger): Promise<EnsuredRedis> {
  const port = await freeLoopbackPort();
  const dir = mkdtempSync(join(tmpdir(), 'warroom-redis-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // It must never be what keeps this process alive; the exit hook below stops it.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  // A Redis left behind would outlive us holding memory: kill it however the process ends.
  const onExit = () => {
    child.kill('SIGKILL');
    removeDir();
  };
  process.once('exit', onExit);

  try {
    await waitUntilAnswering(child, port, () => output);
  } catch (error) {
    process.off('exit', onExit);
    child.kill('SIGKILL');
    removeDir();
    throw error;
  }
  const url = `redis://127.0.0.1:${port}`;
  logger.info(
    { url, dir },
    'started a private redis-server (REDIS_URL unset, nothing on 127.0.0.1:6379); its data is not kept',
  );
  return {
    url,
    source: 'started',
    async stop() {
      process.off('exit', onExit);
      await stopChild(child);
      removeDir();
    },
  };
}

function waitUntilAnswering(child: ChildProcess, port: number, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      settle(
        error.code === 'ENOENT'
          ? new RedisUnavailableError()
          : new RedisUnavailableError(`redis-server failed: ${error.message}`),
      ),
    );
    child.once('exit', (code) =>
      settle(new RedisUnavailableError(`redis-server exited with ${code}: ${output().trim()}`)),
    );
    const poll = async () => {
      while (!settled) {
        if (await redisAnswers('127.0.0.1', port, 200)) return settle();
        if (Date.now() > deadline) {
          return settle(new RedisUnavailableError(`redis-server did not answer on port ${port} within 5 s`));
        }
        await new Promise((wait) => setTimeout(wait, 50));
      }
    };
    void poll();
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
