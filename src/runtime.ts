import type { Job, Worker } from 'bullmq';
import type { Reasoner } from './agents/reasoner.js';
import { createRuleReasoner } from './agents/rule-reasoner.js';
import type { Catalog } from './domain/catalog/index.js';
import { DEFAULT_CHANGE_WINDOW_SECONDS } from './domain/change.js';
import type { HealthSampling, UserGroups } from './domain/ports.js';
import type { ProcessReader } from './domain/process-evidence.js';
import type { RetentionSettings } from './domain/retention.js';
import type { TelemetrySource } from './domain/telemetry-source.js';
import type { WorkloadReader } from './domain/workload-evidence.js';
import { catalogTelemetry } from './estate/catalog-telemetry.js';
import { estatePortsFrom } from './estate/estate-ports.js';
import type { ExecutorRegistry } from './executors/registry.js';
import { INCIDENT_JOBS, INGEST_JOBS, JOB_CATALOG } from './jobs.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics/metrics.js';
import type { Pager } from './paging/pager.js';
import { closeWorkers } from './pipeline/close-workers.js';
import type { CrewSettings, PipelineContext } from './pipeline/context.js';
import { createDispatch } from './pipeline/dispatch.js';
import { QUEUE_NAMES } from './pipeline/job-catalog.js';
import { resolvePageOnClose } from './pipeline/paging/page-jobs.js';
import { createJobQueues } from './pipeline/queues.js';
import type { IncidentArchive } from './pipeline/retention/archive-port.js';
import { closeHooks, retentionOnClose } from './pipeline/retention/on-close.js';
import {
  handBackRunningJobs,
  startIncidentWorker,
  startWorker,
  type WatchErrors,
  type WorkerTuning,
} from './pipeline/workers.js';
import type { Runbook } from './runbooks/index.js';
import { simulatedTelemetry } from './sim/simulated-telemetry.js';
import { postmortemMarkdown } from './slack/blocks/postmortem-text.js';
import { createApprovalStore } from './store/approval-store.js';
import { createChangeStore } from './store/change-store.js';
import { createChaosStore } from './store/chaos-store.js';
import { createEstateStore, type EstateStore } from './store/estate-store.js';
import { createIncidentRetention } from './store/incident-retention.js';
import { createIngestStore, type IngestStore } from './store/ingest-store.js';
import { createKeys, type Keys } from './store/keys.js';
import { createKillSwitch } from './store/kill-switch.js';
import { createLearningStore } from './store/learning-store.js';
import { createManualSteps } from './store/manual-steps.js';
import { createPageRecords } from './store/page-records.js';
import { createPlacementStore } from './store/placement-store.js';
import type { Redis } from './store/redis.js';
import { closeRedis, createRedis } from './store/redis.js';
import type { RedisEndpoint } from './store/redis-endpoint.js';
import { createRedisOutageLog, type RedisOutageLog } from './store/redis-outage-log.js';
import { createRolloutStore } from './store/rollout-store.js';
import { createRunbookDryRuns } from './store/runbook-dry-runs.js';
import { createSilenceStore } from './store/silence-store.js';
import { createStageStore } from './store/stage-store.js';
import { createStepApprovals } from './store/step-approvals.js';
import { createStepRecords } from './store/step-records.js';
import { createTaskStore } from './store/task-store.js';
import { createTicketStore } from './store/ticket-store.js';
import { createTimelineStore } from './store/timeline-store.js';
import type { PrometheusClient } from './telemetry/index.js';

const DEFAULT_RETENTION = { retentionDays: 180, hotDays: 7, staleDays: 14 };
const ARCHIVE_SETTLE_MS = 30_000;
/**
 * Deliveries one process holds at once; INGEST_CONCURRENCY's default. Those that start while a
 * group is placed form the next group (see delivery-groups.ts), so a process still places them in
 * the order they came, and more at once means larger groups: fewer writes per alert in a storm.
 */
const INGEST_CONCURRENCY = 16;

export interface RuntimeOptions {
  redisUrl: string;
  /** Sentinel or Cluster: where connections go instead; `redisUrl` then gives only credentials, db and TLS. */
  redisEndpoint?: RedisEndpoint;
  metrics?: Metrics;
  settings?: Partial<CrewSettings>;
  prefix: string;
  logger: Logger;
  reasoner?: Reasoner;
  ruleLatencyMs?: number;
  telemetry?: (ctx: Omit<PipelineContext, 'telemetry'>) => TelemetrySource;
  now?: () => Date;
  /** The team's service catalog (WARROOM_CATALOG), loaded and checked at start. */
  catalog?: Catalog;
  /** The team's runbooks (WARROOM_RUNBOOKS), checked against the catalog at start. */
  runbooks?: readonly Runbook[];
  /** The live executors built from the catalog's `executors:`. */
  stepExecutors?: ExecutorRegistry;
  /** Reads services' Kubernetes workloads for diagnosis (built from the catalog's Kubernetes executors). */
  workloads?: WorkloadReader;
  /** Reads services' supervisord programs for diagnosis (built from the catalog's supervisor executors). */
  processes?: ProcessReader;
  /** How catalog services' health is read: Prometheus (absent: every one is unknown) and sampling. */
  health?: { prometheus?: PrometheusClient; sampling?: HealthSampling; timeoutMs?: number };
  /** Slack user groups named as approvers (main.ts: the Web API); absent: every group is unreadable. */
  userGroups?: UserGroups;
  /** Retention of closed incidents in Redis; `archiving` follows `history`. */
  retention?: Partial<Omit<RetentionSettings, 'archiving'>>;
  /** PostgreSQL incident history (DATABASE_URL). */
  history?: IncidentArchive;
  /** Wait after a close before archiving, so the closing messages and the learning land first. */
  archiveDelayMs?: number;
  /** Where escalated incidents page (PagerDuty, a paging webhook); absent: nobody is paged. */
  pager?: Pager;
}

/**
 * The core, wired: Redis, stores, queues and the reasoner. main.ts and the tests both build one;
 * roles then start what they need on top (workers, the Slack app, HTTP routes).
 */
export interface Runtime {
  ctx: PipelineContext;
  keys: Keys;
  redis: Redis;
  redisUrl: string;
  /** Where every connection goes: `redisUrl`, or Sentinel or Cluster. */
  redisEndpoint: RedisEndpoint;
  /** One line when Redis goes away and one when it is back, for every connection, queue and worker. */
  outages: RedisOutageLog;
  watchErrors: WatchErrors;
  /** A fresh blocking connection for a BullMQ worker; closed with the runtime. */
  blockingConnection(name: string): Redis;
  startIncidentWorker(tuning: WorkerTuning): Worker;
  ingest: IngestStore;
  /** One batch at a time per process (and a lease across processes): correlation needs order. */
  startIngestWorker(tuning?: Partial<WorkerTuning>): Worker;
  track(worker: Worker): Worker;
  /** Jobs the tracked workers still run go back to their queue at once (a shutdown out of time). */
  handBackRunningJobs(): Promise<number>;
  close(): Promise<void>;
}

/** The simulated estate's telemetry; beside a catalog, only for sim:<name> incidents (no Prometheus: no data). */
function defaultTelemetry(estate: EstateStore, catalog: Catalog | undefined): TelemetrySource {
  const simulated = simulatedTelemetry(estate);
  return catalog ? catalogTelemetry({ catalog, simulated }) : simulated;
}

/** Without a Slack client no group can be read: its members are refused, never let through. */
const NO_USER_GROUPS: UserGroups = {
  members: async () => ({ kind: 'unreadable', reason: 'no Slack Web API client in this process' }),
};

export function createRuntime(options: RuntimeOptions): Runtime {
  const keys = createKeys(options.prefix);
  const endpoint = options.redisEndpoint ?? { url: options.redisUrl };
  const redis = createRedis(endpoint, 'command');
  const outages = createRedisOutageLog(options.logger, redis);
  const watchErrors: WatchErrors = (source, emitter) => outages.watch(source, emitter);
  const connections: Redis[] = [redis];
  const workers: Worker[] = [];
  const estate = createEstateStore(redis, keys);
  const ingest = createIngestStore(redis, keys);
  const retention = {
    store: createIncidentRetention(redis, keys),
    settings: { ...DEFAULT_RETENTION, ...options.retention, archiving: options.history !== undefined },
  };
  const base: Omit<PipelineContext, 'telemetry'> = {
    settings: {
      autoRemediate: false,
      hitlTimeoutSeconds: 900,
      approvers: [],
      incidentChannel: null,
      correlationWindowSeconds: 300,
      newIncidentsPerMinute: 60,
      monitorIntervalSeconds: 0,
      chaosIntervalSeconds: { min: 30, max: 60 },
      changeWindowSeconds: DEFAULT_CHANGE_WINDOW_SECONDS,
      pageAfterSeconds: 300,
      freezeWindows: [],
      ...options.settings,
    },
    approvals: createApprovalStore(redis, keys),
    killSwitch: createKillSwitch(redis, keys),
    chaos: createChaosStore(redis, keys),
    manualSteps: createManualSteps(redis, keys),
    learning: createLearningStore(redis, keys),
    alerts: ingest,
    silences: createSilenceStore(redis, keys),
    changes: createChangeStore(redis, keys),
    rollouts: createRolloutStore(redis, keys),
    ...(options.pager ? { pager: options.pager } : {}),
    pages: createPageRecords(redis, keys),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    logger: options.logger,
    tickets: createTicketStore(redis, keys, {
      onClosed: closeHooks(
        retentionOnClose(() => ctx, options.archiveDelayMs ?? ARCHIVE_SETTLE_MS),
        resolvePageOnClose(() => ctx),
      ),
    }),
    timeline: createTimelineStore(redis, keys),
    stages: createStageStore(redis, keys),
    estate,
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...estatePortsFrom({
      estate,
      ...(options.catalog ? { catalog: options.catalog } : {}),
      ...options.health,
    }),
    runbooks: options.runbooks ?? [],
    ...(options.stepExecutors ? { stepExecutors: options.stepExecutors } : {}),
    ...(options.workloads ? { workloads: options.workloads } : {}),
    ...(options.processes ? { processes: options.processes } : {}),
    stepRecords: createStepRecords(redis, keys),
    userGroups: options.userGroups ?? NO_USER_GROUPS,
    stepApprovals: createStepApprovals(redis, keys),
    runbookDryRuns: createRunbookDryRuns(redis, keys),
    tasks: createTaskStore(redis, keys),
    ...(options.health?.prometheus ? { prometheus: options.health.prometheus } : {}),
    reasoner: options.reasoner ?? createRuleReasoner({ latencyMs: options.ruleLatencyMs ?? 0 }),
    // Queues share the command connection: Redis runs one connection's commands in order, so a
    // stage's output is always written before the job that reads it can be picked up.
    queues: createJobQueues(redis, keys, watchErrors, JOB_CATALOG),
    retention,
    ...(options.history ? { history: options.history } : {}),
    writePostmortem: postmortemMarkdown,
    now: options.now ?? (() => new Date()),
  };
  const ctx: PipelineContext = {
    ...base,
    telemetry: options.telemetry ? options.telemetry(base) : defaultTelemetry(estate, options.catalog),
  };

  const blockingConnection = (name: string): Redis => {
    const connection = createRedis(endpoint, 'blocking', name);
    watchErrors(name, connection);
    connections.push(connection);
    return connection;
  };

  const track = (worker: Worker): Worker => {
    worker.on('failed', (job, error) => {
      options.metrics?.countJobFailure(worker.name, job?.name ?? 'unknown');
      // Every attempt that fails emits `failed`; only a job left failed has `finishedOn`. A job
      // that stalled to death (its workers died) is only ever seen here.
      if (!job?.finishedOn) return;
      const incident = typeof job.data?.incidentId === 'string' ? { incident: job.data.incidentId } : {};
      options.logger.error(
        {
          err: error,
          queue: worker.name,
          job: job.name,
          jobId: job.id,
          attemptsMade: job.attemptsMade,
          stalls: job.stalledCounter,
          ...incident,
        },
        'job failed for good',
      );
    });
    workers.push(worker);
    return worker;
  };

  return {
    ctx,
    keys,
    redis,
    redisUrl: options.redisUrl,
    redisEndpoint: endpoint,
    outages,
    watchErrors,
    blockingConnection,
    track,
    ingest,
    startIngestWorker(tuning = {}) {
      const deps = {
        ctx,
        store: ingest,
        placement: createPlacementStore(redis, keys),
      };
      const dispatch = createDispatch(INGEST_JOBS);
      const processor = (job: Job, token?: string) => dispatch(deps, job, token);
      return track(
        startWorker(
          QUEUE_NAMES.ingest,
          processor,
          blockingConnection('warroom-ingest-worker'),
          keys.queuePrefix,
          // Placement takes no lease: deliveries are placed side by side, here and on other workers.
          { concurrency: INGEST_CONCURRENCY, ...tuning },
          watchErrors,
        ),
      );
    },
    startIncidentWorker(tuning) {
      return track(
        startIncidentWorker(
          ctx,
          INCIDENT_JOBS,
          blockingConnection('warroom-incident-worker'),
          keys.queuePrefix,
          tuning,
          watchErrors,
        ),
      );
    },
    async handBackRunningJobs() {
      const counts = await Promise.all(workers.map(handBackRunningJobs));
      return counts.reduce((sum, count) => sum + count, 0);
    },
    async close() {
      await closeWorkers(workers, { connection: redis, probeKeys: keys.readinessProbes }, options.logger);
      await ctx.queues.close();
      await Promise.all(connections.map((connection) => closeRedis(connection)));
    },
  };
}
