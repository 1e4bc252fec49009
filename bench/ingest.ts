import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { startWarroom } from '../src/main.js';
import { alertmanagerPayload } from '../test/support/alertmanager-payloads.js';
import {
  benchEnv,
  cpuNow,
  placementTries,
  startWorkerProcess,
  stopWorkerProcess,
  type WorkerProcess,
} from './ingest-workers.js';
import { benchPrefix, dropPrefix, line, median, REDIS_URL, silent } from './support.js';

/** BENCH_INGEST_ALERTS=n measures n instead (a longer run: less of it is the workers warming to full groups). */
const ALERTS = Number(process.env.BENCH_INGEST_ALERTS ?? 10_000);
if (!Number.isInteger(ALERTS) || ALERTS < 100)
  throw new Error('BENCH_INGEST_ALERTS takes a whole number of at least 100');
const SERVICES = 50;
const BATCH = 100;
/**
 * Per worker process, enough for its compiled code to settle: after 2,000 a process still spent a
 * fifth more CPU on the measured alerts than after 10,000, and three processes, each ingesting a
 * third of them, paid that more than one. Few groups: the flood limit (60 new incidents a minute)
 * must leave the measured 50 their own.
 */
const WARM_UP_ALERTS = 10_000;
const WARM_UP_SERVICES = 5;
/** Worker process counts compared, in this many alternating rounds. */
const WORKER_PROCESSES = [1, 3] as const;
const MODES: readonly IngestMode[] = ['backlog', 'live'];
const MODE_TITLES: Record<IngestMode, string> = {
  backlog: 'ingested from a backlog (accepted while the queue was paused)',
  live: 'ingested live (clock from the first post; bounded by the accept rate)',
};
const ROUNDS = 2;
const TARGET_RATIO = 0.25;

/**
 * How the measured alerts meet the workers. `backlog`: all are accepted while the ingest queue is
 * paused, and the clock runs from its resume until it is empty: what the workers can ingest. `live`:
 * the clock runs from the first post until the queue is empty, the web role accepting in the
 * same moments: what the whole machine does, bounded by the webhook's own accept rate.
 */
export type IngestMode = 'backlog' | 'live';

export interface IngestRun {
  workers: number;
  mode: IngestMode;
  acceptedPerSecond: number;
  processedPerSecond: number;
  incidents: number;
  /** Placement commits during the measured alerts, and tries another worker's commit overturned. */
  committed: number;
  conflicts: number;
  /** CPU time used while the clock ran: the worker processes together (undefined without /proc), Redis. */
  workerCpuMs: number | undefined;
  redisCpuMs: number;
}

/** The yardstick: BullMQ's own addBulk of 1,000 small jobs, on the same Redis. */
async function bareAddBulkPerSecond(): Promise<number> {
  const prefix = benchPrefix('bulk');
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('bulk', { connection, prefix });
  const jobs = Array.from({ length: 1000 }, (_, index) => ({ name: 'noop', data: { index } }));
  await queue.addBulk(jobs.slice(0, 100));
  const started = performance.now();
  await queue.addBulk(jobs);
  const elapsed = performance.now() - started;
  await queue.close();
  connection.disconnect();
  await dropPrefix(prefix);
  return 1000 / (elapsed / 1000);
}

/** Alertmanager deliveries of `alerts` alerts in batches over `services` services, each alert its own series. */
function deliveries(alerts: number, service: string, services: number): string[] {
  const now = Date.now();
  const batches: string[] = [];
  for (let offset = 0; offset < alerts; offset += BATCH) {
    const slice = Array.from({ length: Math.min(BATCH, alerts - offset) }, (_, i) => {
      const index = offset + i;
      return {
        service: `${service}-${index % services}`,
        alertname: `Symptom${Math.floor(index / services) % 50}`,
        instance: `node-${Math.floor(index / (services * 50))}`,
        startsAt: new Date(now - (index % 60) * 1000),
      };
    });
    batches.push(JSON.stringify(alertmanagerPayload(slice)));
  }
  return batches;
}

/** Posts the batches to the web role, 4 requests in flight; resolves once all are accepted. */
async function post(url: string, batches: readonly string[]): Promise<void> {
  await Promise.all(
    Array.from({ length: 4 }, async (_, lane) => {
      for (let index = lane; index < batches.length; index += 4) {
        const response = await fetch(`${url}/webhooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
          body: batches[index],
        });
        if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
}

async function drained(queue: Queue, states: Array<'waiting' | 'active' | 'delayed' | 'prioritized'>) {
  for (;;) {
    const counts = await queue.getJobCounts(...states);
    if (Object.values(counts).every((count) => count === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * `workers` separate `ROLE=worker` processes (Slack pointed at nothing reachable) ingest the
 * alerts posted to the web role in this process. A warm-up of WARM_UP_ALERTS per worker process
 * on 5 other services goes first (each process compiles its hot code on its own), then the measured
 * alerts go as `mode` says.
 */
export async function measureIngest(workers: number, mode: IngestMode): Promise<IngestRun> {
  const prefix = benchPrefix('ingest');
  const web = await startWarroom(loadConfig({ ...benchEnv(prefix), ROLE: 'web' }), {
    logger: silent,
    botIdentity: { botId: 'B1', botUserId: 'U1' },
  });
  const children: WorkerProcess[] = [];
  try {
    children.push(...(await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(prefix)))));
    const { queues } = web.runtime.ctx;
    const ingest = queues.queue('ingest');
    const incidentQueue = queues.queue('incident');
    await post(web.url, deliveries(WARM_UP_ALERTS * workers, 'warm', WARM_UP_SERVICES));
    await drained(ingest, ['waiting', 'active', 'delayed', 'prioritized']);
    await drained(incidentQueue, ['waiting', 'active', 'prioritized']);
    const batches = deliveries(ALERTS, 'svc', SERVICES);
    const before = await placementTries(children);
    // The 50 incidents the alerts open wait for their diagnosis until the clock stops: otherwise one
    // worker process, busy ingesting, diagnoses them after it, and three diagnose them during it.
    await incidentQueue.pause();
    if (mode === 'backlog') await ingest.pause();
    const cpuAtFirstPost = mode === 'live' ? await cpuNow(children, web.runtime.redis) : undefined;
    const posted = performance.now();
    await post(web.url, batches);
    const acceptedMs = performance.now() - posted;
    const cpuBefore = cpuAtFirstPost ?? (await cpuNow(children, web.runtime.redis));
    const started = mode === 'backlog' ? performance.now() : posted;
    if (mode === 'backlog') await ingest.resume();
    await drained(ingest, ['waiting', 'active', 'delayed', 'prioritized']);
    const processedMs = performance.now() - started;
    const cpuAfter = await cpuNow(children, web.runtime.redis);
    const after = await placementTries(children);
    await incidentQueue.resume();
    const tickets = await web.runtime.ctx.tickets.listRecent(10_000);
    return {
      workers,
      mode,
      acceptedPerSecond: ALERTS / (acceptedMs / 1000),
      processedPerSecond: ALERTS / (processedMs / 1000),
      incidents: tickets.filter((ticket) => ticket.system.startsWith('svc-')).length,
      committed: after.committed - before.committed,
      conflicts: after.conflict - before.conflict,
      workerCpuMs:
        cpuAfter.workers === undefined || cpuBefore.workers === undefined
          ? undefined
          : cpuAfter.workers - cpuBefore.workers,
      redisCpuMs: cpuAfter.redis - cpuBefore.redis,
    };
  } finally {
    await Promise.all(children.map(stopWorkerProcess));
    await web.close();
    await dropPrefix(prefix);
  }
}

/** The yardstick right before a run: the median of 3, so a run is compared with its own moment. */
async function yardstickNow(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) samples.push(await bareAddBulkPerSecond());
  return median(samples);
}

/**
 * The ingestion section of `npm run bench`: 1 and 3 worker processes, each on a backlog and live,
 * in alternating rounds, each run against the yardstick measured just before it (a loaded machine
 * moves both the same way). The targets are the workers' own: the backlog figures.
 */
export async function reportIngest(): Promise<void> {
  const runs: Array<IngestRun & { yardstick: number }> = [];
  // The first addBulks of a process run cold (about half as fast): they would flatter the first run.
  await yardstickNow();
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of MODES) {
      for (const workers of WORKER_PROCESSES) {
        const yardstick = await yardstickNow();
        runs.push({ ...(await measureIngest(workers, mode)), yardstick });
      }
    }
  }
  const of = (workers: number, mode: IngestMode) =>
    runs.filter((run) => run.workers === workers && run.mode === mode);
  const ratio = (workers: number, mode: IngestMode) =>
    median(of(workers, mode).map((run) => run.processedPerSecond / run.yardstick));
  const throughput = (workers: number, mode: IngestMode) =>
    median(of(workers, mode).map((run) => run.processedPerSecond));
  const plural = (workers: number) => `${workers} worker process${workers === 1 ? '' : 'es'}`;
  line(
    `webhook: ${ALERTS} alerts in batches of ${BATCH}, accepted (202)`,
    `${median(runs.map((run) => run.acceptedPerSecond)).toFixed(0)} alerts/s (median of ${runs.length})`,
  );
  line(
    '  yardstick: bare BullMQ addBulk of 1,000 jobs (median)',
    `${median(runs.map((run) => run.yardstick)).toFixed(0)} jobs/s`,
  );
  for (const mode of MODES) {
    line(`  ${MODE_TITLES[mode]}`, '');
    for (const workers of WORKER_PROCESSES) {
      const mine = of(workers, mode);
      line(
        `    ${plural(workers)} (median of ${mine.length})`,
        `${median(mine.map((run) => run.processedPerSecond)).toFixed(0)} alerts/s, ` +
          `${[...new Set(mine.map((run) => run.incidents))].join('/')} incidents (50 groups)`,
      );
    }
    const target = (text: string) => (mode === 'backlog' ? ` (target ${text})` : '');
    for (const workers of WORKER_PROCESSES) {
      line(
        `    ${plural(workers)} / yardstick${target(`>= ${TARGET_RATIO}`)}`,
        `${ratio(workers, mode).toFixed(2)}x`,
      );
    }
    // Alerts/s against alerts/s of the same alternating rounds: the yardstick moves by a third from
    // one sample to the next, and a ratio of two such ratios would carry both moves.
    line(
      `    3 worker processes / 1${target('>= 1.0')}`,
      `${(throughput(3, mode) / throughput(1, mode)).toFixed(2)}x`,
    );
  }
  // Lock-free placement scales out only while workers rarely overturn each other's reads.
  for (const workers of WORKER_PROCESSES) {
    const mine = runs.filter((run) => run.workers === workers);
    const committed = mine.reduce((sum, run) => sum + run.committed, 0);
    const conflicts = mine.reduce((sum, run) => sum + run.conflicts, 0);
    line(
      `  placement conflicts, ${plural(workers)} (retried)`,
      `${conflicts} of ${committed + conflicts} tries (${((100 * conflicts) / Math.max(1, committed + conflicts)).toFixed(1)} %)`,
    );
  }
  // Why three can be slower on few cores: the CPU the same alerts cost them, and Redis.
  for (const mode of MODES) {
    for (const workers of WORKER_PROCESSES) {
      const mine = of(workers, mode);
      const cpu = mine.map((run) => run.workerCpuMs);
      const workerText = cpu.every((ms) => ms !== undefined)
        ? `workers ${cpu.join(', ')} ms`
        : 'workers (no /proc)';
      line(
        `  CPU while the clock ran, ${mode}, ${plural(workers)}`,
        `${workerText}; Redis ${mine.map((run) => run.redisCpuMs.toFixed(0)).join(', ')} ms; ${mine.map((run) => run.committed + run.conflicts).join(', ')} groups`,
      );
    }
  }
  // Each run with its own yardstick: on a loaded machine one slow yardstick moves a median of two a lot.
  line(
    '  each run: alerts/s / yardstick jobs/s',
    runs
      .map(
        (run) =>
          `${run.mode} ${run.workers}w ${run.processedPerSecond.toFixed(0)}/${run.yardstick.toFixed(0)}`,
      )
      .join(', '),
  );
}
