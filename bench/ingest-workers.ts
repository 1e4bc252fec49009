// The ingestion bench's worker processes: started, read (placement tries, CPU) and stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { processCpuMs, redisCpuMs } from './cpu-time.js';
import { REDIS_URL } from './support.js';

/** The environment of the bench's web role and worker processes, on their own Redis prefix. */
export const benchEnv = (prefix: string) => ({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: 'bench',
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
  REDIS_URL,
  REDIS_PREFIX: prefix,
  PORT: '0',
  WEBHOOK_TOKEN: 'bench',
  LOG_LEVEL: 'silent',
});

export interface WorkerProcess {
  child: ChildProcess;
  /** Its HTTP server: /readyz and /metrics. */
  url: string;
}

/** A `ROLE=worker` process (bench/ingest-worker.ts), resolved once its /readyz answers. */
export async function startWorkerProcess(prefix: string): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF=dir: each worker process writes a CPU profile there (node --cpu-prof).
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      '--import',
      'tsx',
      fileURLToPath(new URL('./ingest-worker.ts', import.meta.url)),
    ],
    { env: { ...process.env, ...benchEnv(prefix) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`ingest worker process exited with ${code} before it was ready`);
  });
  const [ready] = (await Promise.race([once(lines, 'line'), exited])) as [string];
  exited.catch(() => undefined);
  return { child, url: ready.replace(/^ready /, '') };
}

export async function stopWorkerProcess({ child }: WorkerProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

interface PlacementTries {
  committed: number;
  conflict: number;
}

/** The worker processes' `warroom_ingest_placements_total`, summed. */
export async function placementTries(workers: readonly WorkerProcess[]): Promise<PlacementTries> {
  const total: PlacementTries = { committed: 0, conflict: 0 };
  for (const { url } of workers) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const result of ['committed', 'conflict'] as const) {
      const sample = new RegExp(`^warroom_ingest_placements_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(
        text,
      );
      total[result] += Number(sample?.[1] ?? 0);
    }
  }
  return total;
}

/** The worker processes' CPU time so far, summed (undefined without /proc), and Redis's. */
export async function cpuNow(
  workers: readonly WorkerProcess[],
  redis: { info(section: 'cpu'): Promise<string> },
) {
  const each = workers.map(({ child }) => processCpuMs(child.pid));
  const known = each.every((ms) => ms !== undefined);
  return {
    workers: known ? each.reduce<number>((sum, ms) => sum + (ms ?? 0), 0) : undefined,
    redis: await redisCpuMs(redis),
  };
}
