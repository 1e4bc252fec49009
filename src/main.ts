import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { App, CustomRoute } from '@slack/bolt';
import type { Worker } from 'bullmq';
import { createReasoner } from './agents/create-reasoner.js';
import { type Estate, loadEstate } from './catalog/load-estate.js';
import { type Config, ConfigError, credentialEnvironment, loadConfig } from './config.js';
import { startLocalSlack, withLocalSlack } from './dev/local-mode.js';
import { ensureRedis } from './dev/local-redis.js';
import { healthRoutes } from './http/health.js';
import { metricsRoute } from './http/metrics-route.js';
import { startPlainServer } from './http/plain-server.js';
import { webRoutes } from './http/web-routes.js';
import { createLogger, type Logger } from './log.js';
import { incidentsByStatusOf } from './metrics/incident-counts.js';
import { createMetrics } from './metrics/metrics.js';
import { queueDepthsOf } from './metrics/queue-depths.js';
import { QUEUE_NAMES } from './pipeline/job-catalog.js';
import { scheduleMonitor } from './pipeline/watch/monitor-handler.js';
import { startWorker } from './pipeline/workers.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { crewSettingsFrom, telemetryFrom } from './runtime-settings.js';
import { createSlackApp } from './slack/app.js';
import type { OutboxOptions } from './slack/outbox/index.js';
import { createOutboxDeps, createOutboxProcessor } from './slack/outbox/index.js';

export interface Warroom {
  runtime: Runtime;
  /** The team's catalog, runbooks and live executors, checked at start (empty: the simulated estate). */
  estate: Estate;
  /** Base URL of the HTTP server (Slack events, webhooks, health). */
  url: string;
  app?: App;
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
  workerTuning?: { lockDuration?: number; stalledInterval?: number };
  /** Skips Bolt's auth.test at start (tests and local mode know the bot identity). */
  botIdentity?: { botId: string; botUserId: string };
}

const SHUTDOWN_BUDGET_MS = 10_000;
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

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
  const runtime = createRuntime({
    redisUrl: config.REDIS_URL ?? DEFAULT_REDIS_URL,
    metrics,
    prefix: config.REDIS_PREFIX,
    logger,
    reasoner: createReasoner(config, { ruleLatencyMs: config.RULE_REASONER_LATENCY_MS }),
    telemetry: (base) => telemetryFrom(config, base.estate),
    settings: crewSettingsFrom(config),
    ...(catalog ? { catalog } : {}),
    ...overrides.runtime,
  });
  const runsWeb = config.ROLE !== 'worker';
  const runsWorkers = config.ROLE !== 'web';
  const botToken = config.SLACK_BOT_TOKEN;
  if (!botToken)
    throw new ConfigError(['SLACK_BOT_TOKEN: required (main() starts local mode when it is unset)']);

  const workers: Worker[] = [];
  if (runsWorkers) {
    const tuning = { concurrency: config.WORKER_CONCURRENCY, ...overrides.workerTuning };
    workers.push(runtime.startIncidentWorker(tuning));
    workers.push(runtime.startIngestWorker(overrides.workerTuning));
    await scheduleMonitor(runtime.ctx);
    const outbox = createOutboxDeps(
      { botToken, ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}), ...overrides.outbox },
      { ctx: runtime.ctx, redis: runtime.redis, keys: runtime.keys, logger, metrics },
    );
    workers.push(
      runtime.track(
        startWorker(
          QUEUE_NAMES.outbox,
          createOutboxProcessor(outbox),
          runtime.blockingConnection('warroom-outbox-worker'),
          runtime.keys.queuePrefix,
          { concurrency: 50, ...overrides.workerTuning },
          runtime.ctx,
        ),
      ),
    );
  }

  const queues = Object.values(QUEUE_NAMES).map((name) => runtime.ctx.queues.queue(name));
  metrics.setProviders({
    incidentsByStatus: incidentsByStatusOf(runtime.ctx.tickets),
    queueDepths: queueDepthsOf(queues),
  });
  const health = healthRoutes({
    redis: runtime.redis,
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
    const started = await app.start(config.PORT);
    // Socket Mode serves the custom routes on PORT itself and hands back no server.
    server = config.SLACK_APP_TOKEN ? undefined : (started as Server);
  } else {
    server = await startPlainServer(observability, config.PORT);
  }
  const port = (server?.address() as AddressInfo | null | undefined)?.port ?? config.PORT;
  const url = `http://127.0.0.1:${port}`;
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

  return {
    runtime,
    estate,
    url,
    ...(app ? { app } : {}),
    async close() {
      if (app) await app.stop().catch(() => undefined);
      const listening = server?.listening ? server : undefined;
      if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
      await runtime.close();
    },
  };
}

function exitOnSignals(warroom: Warroom, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: closing workers, queues and Redis');
    const deadline = setTimeout(() => {
      logger.error('shutdown took over 10 s; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_BUDGET_MS);
    deadline.unref();
    warroom.close().then(
      () => process.exit(0),
      (error) => {
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
  const redis = await ensureRedis(config.REDIS_URL, logger);
  // No Slack credentials: a local Slack and the playground page stand in, so everything still works.
  const local = config.SLACK_BOT_TOKEN ? undefined : await startLocalSlack({ port: 0, logger });
  const effective = local
    ? withLocalSlack({ ...config, REDIS_URL: redis.url }, local)
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
    const page = `http://localhost:${new URL(warroom.url).port}/`;
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
