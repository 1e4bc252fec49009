import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { App, CustomRoute } from '@slack/bolt';
import type { Worker } from 'bullmq';
import { type Estate, loadEstate } from './catalog/load-estate.js';
import { type Config, ConfigError, credentialEnvironment, loadConfig } from './config.js';
import { reportBrokenQueries } from './estate/check-catalog-queries.js';
import { createPostgresHistory } from './history/postgres-history.js';
import { healthRoutes } from './http/health.js';
import { metricsRoute } from './http/metrics-route.js';
import { startPlainServer } from './http/plain-server.js';
import { webRoutes } from './http/web-routes.js';
import { OUTBOX_JOBS } from './jobs.js';
import { loadDevTools, localSlackFor, redisFor } from './local-mode.js';
import { createLogger, type Logger } from './log.js';
import { incidentsByStatusOf } from './metrics/incident-counts.js';
import { createMetrics } from './metrics/metrics.js';
import { queueDepthsOf } from './metrics/queue-depths.js';
import { QUEUE_NAMES } from './pipeline/job-catalog.js';
import { scheduleRetentionSweep } from './pipeline/retention/retention-sweep.js';
import { syncTaskSchedules } from './pipeline/tasks/task-schedules.js';
import { scheduleMonitor } from './pipeline/watch/monitor-handler.js';
import { startWorker, type WorkerTuning } from './pipeline/workers.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { runtimeOptionsFrom, stallTuningOf } from './runtime-from-config.js';
import { roomSettingsFrom } from './runtime-settings.js';
import { createSlackApp } from './slack/app.js';
import type { OutboxOptions } from './slack/outbox/index.js';
import { createOutboxDeps, createOutboxProcessor } from './slack/outbox/index.js';
import { withinMs } from './store/bounded-call.js';
import { keyLayoutAtStart } from './store/key-layout-at-start.js';
import { untilRedisAnswers } from './store/redis.js';
import { describeEndpoint } from './store/redis-endpoint.js';

export interface Warroom {
  runtime: Runtime;
  /** The team's catalog, runbooks and live executors, checked at start (empty: the simulated estate). */
  estate: Estate;
  /** Base URL of the HTTP server (Slack events, webhooks, health). */
  url: string;
  app?: App;
  /** Jobs this process still runs go back to the queue at once (a shutdown out of time). */
  handBackRunningJobs(): Promise<number>;
  close(): Promise<void>;
}

export interface StartOverrides {
  logger?: Logger;
  /** More routes for the web role (local mode's playground). */
  extraRoutes?: CustomRoute[];
  runtime?: Partial<Omit<RuntimeOptions, 'redisUrl' | 'prefix' | 'logger'>>;
  /** Already loaded and checked (main() does it before Redis, to fail fast). */
  estate?: Estate;
  /** Where executor credentials (`{ env: NAME }`) resolve from; default: the process environment. */
  credentialEnv?: Readonly<Record<string, string | undefined>>;
  outbox?: Partial<OutboxOptions>;
  workerTuning?: Partial<Omit<WorkerTuning, 'concurrency'>>;
  /** Skips Bolt's auth.test at start (tests and local mode know the bot identity). */
  botIdentity?: { botId: string; botUserId: string };
}

/** Where this process can reach its own server: HOST, unless that means every interface. */
function reachableHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** How long a shutdown out of time tries to hand its running jobs back before it exits anyway. */
const HAND_BACK_MS = 5_000;

/** A worker started before its Redis says so this often until Redis answers. */
const REDIS_WAIT_LOG_MS = 5_000;

/**
 * The composition root: builds the runtime and starts the roles `ROLE` asks for. `npm start`
 * runs both roles in one process; `ROLE=web` and `ROLE=worker` scale them apart.
 */
export async function startWarroom(config: Config, overrides: StartOverrides = {}): Promise<Warroom> {
  // Checked first: a bad catalog or runbook refuses to start before anything connects.
  const estate =
    overrides.estate ??
    (await loadEstate(
      config,
      overrides.credentialEnv ?? credentialEnvironment(),
      overrides.runtime?.catalog,
    ));
  const { catalog } = estate;
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL });
  const metrics = createMetrics();
  const history = config.DATABASE_URL ? createPostgresHistory(config.DATABASE_URL) : undefined;
  const botToken = config.SLACK_BOT_TOKEN;
  if (!botToken)
    throw new ConfigError(['SLACK_BOT_TOKEN: required (main() starts local mode when it is unset)']);
  const runtime = createRuntime({
    ...runtimeOptionsFrom(config, { estate, logger, metrics, botToken, ...(history ? { history } : {}) }),
    ...overrides.runtime,
  });
  const runsWeb = config.ROLE !== 'worker';
  const runsWorkers = config.ROLE !== 'web';

  const stopWaiting = new AbortController();
  // Keys of a version before hash tags move to today's names before any role reads or writes them.
  const keyLayout = await keyLayoutAtStart(runtime.redis, runtime.keys, logger, {
    queueNames: Object.values(QUEUE_NAMES),
    signal: stopWaiting.signal,
  }).catch(async (error: unknown) => {
    await runtime.close();
    await history?.close();
    throw error;
  });
  const workers: Worker[] = [];
  const startWorkers = () => {
    // Workers need no Redis once started: they reconnect by themselves.
    const stallTuning = { ...stallTuningOf(config), ...overrides.workerTuning };
    workers.push(runtime.startIncidentWorker({ concurrency: config.WORKER_CONCURRENCY, ...stallTuning }));
    workers.push(runtime.startIngestWorker({ concurrency: config.INGEST_CONCURRENCY, ...stallTuning }));
    const outbox = createOutboxDeps(
      {
        botToken,
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        rooms: roomSettingsFrom(config),
        ...(config.PROMETHEUS_URL ? { prometheusUrl: config.PROMETHEUS_URL } : {}),
        ...overrides.outbox,
      },
      { ctx: runtime.ctx, redis: runtime.redis, keys: runtime.keys, logger, metrics },
    );
    workers.push(
      runtime.track(
        startWorker(
          QUEUE_NAMES.outbox,
          createOutboxProcessor(outbox, OUTBOX_JOBS),
          runtime.blockingConnection('warroom-outbox-worker'),
          runtime.keys.queuePrefix,
          { concurrency: 50, ...stallTuning },
          runtime.watchErrors,
        ),
      ),
    );
  };
  // Redis down at start: workers start once it answers and its keys have today's names.
  const workersStarted = !runsWorkers
    ? Promise.resolve()
    : keyLayout.now
      ? Promise.resolve(startWorkers())
      : keyLayout.ready.then((ready) => {
          if (ready && !stopWaiting.signal.aborted) startWorkers();
        });

  const queues = Object.values(QUEUE_NAMES).map((name) => runtime.ctx.queues.queue(name));
  metrics.setProviders({
    incidentsByStatus: incidentsByStatusOf(runtime.ctx.tickets),
    queueDepths: queueDepthsOf(queues),
  });
  const health = healthRoutes({
    redis: runtime.redis,
    probeKeys: runtime.keys.readinessProbes,
    workers: () => workers.map((worker) => ({ name: worker.name, running: worker.isRunning() })),
  });
  // Metrics are per process: the worker role serves them too (stage durations, Slack calls happen there).
  const observability = [...health, metricsRoute(metrics, logger)];
  // Webhooks, the dashboard and the API are the web role's.
  const routesOfWeb = [
    ...observability,
    ...(overrides.extraRoutes ?? []),
    ...webRoutes({ config, runtime, metrics, queues, logger }),
  ];

  let app: App | undefined;
  let server: Server | undefined;
  if (runsWeb) {
    app = createSlackApp(
      {
        botToken,
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        port: config.PORT,
        customRoutes: routesOfWeb,
        ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        ...overrides.botIdentity,
      },
      { ctx: runtime.ctx, redis: runtime.redis, keys: runtime.keys, logger },
    );
    const started = config.SLACK_APP_TOKEN
      ? await app.start(config.PORT)
      : await app.start(config.HOST ? { port: config.PORT, host: config.HOST } : config.PORT);
    // Socket Mode serves the custom routes on PORT itself and hands back no server.
    server = config.SLACK_APP_TOKEN ? undefined : (started as Server);
  } else {
    server = await startPlainServer(observability, config.PORT, config.HOST);
  }
  const port = (server?.address() as AddressInfo | null | undefined)?.port ?? config.PORT;
  const url = `http://${reachableHost(config.HOST)}:${port}`;
  if (catalog && config.PROMETHEUS_URL) {
    // Reported, never fatal: a typo in one query must not keep the bot from the rest of the estate.
    void reportBrokenQueries(catalog, config.PROMETHEUS_URL, config.TELEMETRY_TIMEOUT_MS, logger);
  }
  logger.info(
    {
      role: config.ROLE,
      url,
      socketMode: Boolean(config.SLACK_APP_TOKEN),
      estate: catalog
        ? `catalog (${catalog.services.length} services, ${estate.runbooks.length} runbooks, ${estate.executors?.names.length ?? 0} executors)`
        : 'simulated',
    },
    'warroom started',
  );
  // Migrated at start, without waiting: a PostgreSQL that is down only delays the archive jobs.
  history?.ready().then(
    () => logger.info('incident history database ready'),
    (error: unknown) =>
      logger.warn({ err: error }, 'incident history database not reachable yet; archive jobs retry'),
  );
  // Health is served from the start; the monitor's schedule waits for Redis in the background.
  const monitorScheduled = runsWorkers
    ? scheduleMonitorOnceRedisAnswers(runtime, logger, stopWaiting.signal)
    : Promise.resolve();

  return {
    runtime,
    estate,
    url,
    ...(app ? { app } : {}),
    handBackRunningJobs: () => runtime.handBackRunningJobs(),
    async close() {
      stopWaiting.abort();
      await monitorScheduled;
      await Promise.all([keyLayout.ready, workersStarted]);
      if (app) await app.stop().catch(() => undefined);
      const listening = server?.listening ? server : undefined;
      if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
      await runtime.close();
      await history?.close();
    },
  };
}

async function scheduleMonitorOnceRedisAnswers(runtime: Runtime, logger: Logger, signal: AbortSignal) {
  const answered = await untilRedisAnswers(runtime.redis, {
    everyMs: REDIS_WAIT_LOG_MS,
    signal,
    onWaiting: (error) =>
      logger.warn(
        { err: error, redis: describeEndpoint(runtime.redisEndpoint) },
        'waiting for Redis: health is served, /readyz says not ready, no work yet',
      ),
  });
  if (!answered) return;
  await retryBriefly(() => scheduleMonitor(runtime.ctx), signal).catch((error: unknown) => {
    logger.error({ err: error }, 'could not schedule the health monitor; it starts with the next worker');
  });
  await retryBriefly(() => scheduleRetentionSweep(runtime.ctx), signal).catch((error: unknown) => {
    logger.error({ err: error }, 'could not schedule the retention sweep; it starts with the next worker');
  });
  await retryBriefly(async () => void (await syncTaskSchedules(runtime.ctx)), signal).catch(
    (error: unknown) => {
      logger.error({ err: error }, 'could not schedule the routine tasks; they start with the next worker');
    },
  );
}

/**
 * Redis answering one connection does not mean the queue's connection has reconnected yet: a few
 * tries half a second apart, then the last error.
 */
async function retryBriefly(work: () => Promise<void>, signal: AbortSignal, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || signal.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * SIGTERM and SIGINT: workers finish their current jobs and close, then the process exits 0. Jobs
 * still running when the budget runs out go back to the queue for another worker (exit 0 too);
 * exit 1 only when even that failed.
 */
function exitOnSignals(warroom: Warroom, logger: Logger, budgetMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const startedAt = Date.now();
    logger.info({ signal, budgetMs }, 'shutting down: finishing current jobs, then closing');
    const deadline = setTimeout(() => {
      // Bounded too: with Redis gone no job can be handed back, and the process must still exit.
      withinMs(HAND_BACK_MS, warroom.handBackRunningJobs(), 'handing jobs back').then(
        (handedBack) => {
          logger.warn({ handedBack }, 'shutdown out of time: unfinished jobs went back to the queue');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown out of time and could not hand jobs back; they stall');
          process.exit(1);
        },
      );
    }, budgetMs);
    deadline.unref();
    warroom.close().then(
      () => {
        logger.info({ tookMs: Date.now() - startedAt }, 'shutdown complete: every current job finished');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  let config: Config;
  let estate: Estate;
  try {
    config = loadConfig();
    estate = await loadEstate(config, credentialEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  if (!config.SLACK_BOT_TOKEN && config.ROLE !== 'all') {
    process.stderr.write(
      `Invalid configuration:\n  - SLACK_BOT_TOKEN: required with ROLE=${config.ROLE}; local mode (no token) runs web and worker in one process (ROLE=all)\n`,
    );
    process.exit(1);
  }
  // The dev tools load only when local mode needs them, once.
  let devTools: ReturnType<typeof loadDevTools> | undefined;
  const dev = () => {
    devTools ??= loadDevTools();
    return devTools;
  };
  const redis = await redisFor(config, logger, dev);
  // No Slack credentials: a local Slack and the playground page stand in, so everything still works.
  const localMode = await localSlackFor(config, logger, dev);
  const local = localMode?.local;
  const effective = localMode
    ? localMode.tools.withLocalSlack({ ...config, REDIS_URL: redis.url }, localMode.local)
    : { ...config, REDIS_URL: redis.url };
  const warroom = await startWarroom(effective, {
    logger,
    estate,
    ...(local
      ? { extraRoutes: local.routes, botIdentity: { botId: local.botId, botUserId: local.botUserId } }
      : {}),
  });
  if (local) {
    local.attach(warroom.url);
    const page = `http://${config.HOST ? new URL(warroom.url).host : `localhost:${new URL(warroom.url).port}`}/`;
    logger.info(
      { mode: 'local', url: page },
      `local mode (no SLACK_BOT_TOKEN): open ${page} and type /inject full`,
    );
  } else {
    logger.info({ mode: config.SLACK_APP_TOKEN ? 'slack-socket-mode' : 'slack-http' }, 'connected to Slack');
  }
  exitOnSignals(
    {
      ...warroom,
      async close() {
        await warroom.close();
        await local?.close();
        await redis.stop();
      },
    },
    logger,
    config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(
      `warroom failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
