import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { STATUSES, type Status } from '../domain/status.js';
import { ALERT_SOURCES } from '../ingest/alert.js';
import {
  OTHER,
  oneOf,
  SLACK_CALL_RESULTS,
  stageFamily,
  WEBHOOK_RESULTS,
  type WebhookResult,
} from './labels.js';

export type { SlackCallResult, StageFamily, WebhookResult } from './labels.js';

/** Job counts of one queue by BullMQ state (`waiting`, `active`, `delayed`, `failed`…). */
export type QueueCounts = Record<string, number>;

/** Read at scrape time, so the figures are as fresh as the scrape. */
export interface MetricsProviders {
  incidentsByStatus?: () => Promise<Partial<Record<Status, number>>>;
  queueDepths?: () => Promise<Record<string, QueueCounts>>;
}

export type StageEngine = 'rules' | 'model';

export type PlacementResult = 'committed' | 'conflict';

export interface Metrics {
  /** `fallback`: a model was asked and the rules answered instead. */
  observeStage(stageKey: string, durationMs: number, engine?: StageEngine, fallback?: boolean): void;
  /** `result`: ok, rate_limited, ambiguous or permanent (what `classifySlackError` says); else `other`. */
  countSlackCall(method: string, result: string): void;
  /** `rejected`: alerts of the delivery dropped as unusable (counted as alerts with result `rejected`). */
  countWebhook(source: string, result: WebhookResult, alerts: number, rejected?: number): void;
  countJobFailure(queue: string, name: string): void;
  /** One try at committing a delivery's placement: `conflict` when another worker changed what it read. */
  countPlacement(result: PlacementResult): void;
  setProviders(providers: MetricsProviders): void;
  render(): Promise<{ contentType: string; body: string }>;
  /** The underlying prom-client registry, for tests and for adding series elsewhere. */
  readonly registry: Registry;
}

/** Seconds, from a fast rule stage to a slow model call or a remediation that waits on the estate. */
const STAGE_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** One prom-client registry holding every Warroom series and the process metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let providers: MetricsProviders = {};
  const registers = [registry];

  const refreshing = new Set<Promise<void>>();

  /** Resets the gauge first: a status or queue state that went away must not linger. */
  function refresh<T>(
    gauge: Gauge,
    name: string,
    read: (() => Promise<T>) | undefined,
    fill: (v: T) => void,
  ) {
    gauge.reset();
    if (!read) return;
    const done = read()
      .then(fill, () => providerFailures.inc({ provider: name }))
      .finally(() => refreshing.delete(done));
    refreshing.add(done);
    return done;
  }

  const incidents: Gauge = new Gauge({
    name: 'warroom_incidents',
    help: 'Incidents by current status.',
    labelNames: ['status'],
    registers,
    collect: () =>
      refresh(incidents, 'incidents_by_status', providers.incidentsByStatus, (counts) => {
        for (const status of STATUSES) incidents.set({ status }, counts[status] ?? 0);
      }),
  });

  const queueJobs: Gauge = new Gauge({
    name: 'warroom_queue_jobs',
    help: 'Jobs in each BullMQ queue by state.',
    labelNames: ['queue', 'state'],
    registers,
    collect: () =>
      refresh(queueJobs, 'queue_depths', providers.queueDepths, (depths) => {
        for (const [queue, counts] of Object.entries(depths)) {
          for (const [state, count] of Object.entries(counts)) queueJobs.set({ queue, state }, count);
        }
      }),
  });

  const stageDuration = new Histogram({
    name: 'warroom_stage_duration_seconds',
    help: 'Duration of pipeline stages by stage family and the engine that judged.',
    labelNames: ['stage', 'engine'],
    buckets: STAGE_BUCKETS,
    registers,
  });

  const modelCalls = new Counter({
    name: 'warroom_model_calls_total',
    help: 'Stages that asked the model, by stage family and outcome (model answered, or fallback to rules).',
    labelNames: ['stage', 'outcome'],
    registers,
  });

  const jobFailures = new Counter({
    name: 'warroom_job_failures_total',
    help: 'Failed job attempts by queue and job name.',
    labelNames: ['queue', 'job'],
    registers,
  });

  const placements = new Counter({
    name: 'warroom_ingest_placements_total',
    help: "Tries at committing an alert delivery's placement: committed, or conflict (another worker changed the correlation state it read; retried).",
    labelNames: ['result'],
    registers,
  });

  const slackCalls = new Counter({
    name: 'warroom_slack_calls_total',
    help: 'Slack Web API calls by method and result (ok, rate_limited, ambiguous, permanent).',
    labelNames: ['method', 'result'],
    registers,
  });

  const webhookRequests = new Counter({
    name: 'warroom_webhook_requests_total',
    help: 'Alert webhook deliveries by source and result.',
    labelNames: ['source', 'result'],
    registers,
  });

  const webhookAlerts = new Counter({
    name: 'warroom_webhook_alerts_total',
    help: 'Alerts carried by webhook deliveries, by source and result.',
    labelNames: ['source', 'result'],
    registers,
  });

  // Registered last: prom-client collects every series at once, so this one waits for the figures
  // above to be read before it reports the scrape's failures.
  const providerFailures: Counter = new Counter({
    name: 'warroom_metrics_provider_failures_total',
    help: 'Scrapes in which a figure could not be read (e.g. Redis unreachable); its series are left out.',
    labelNames: ['provider'],
    registers,
    collect: async () => {
      await Promise.all(refreshing);
    },
  });

  return {
    registry,

    observeStage(stageKey, durationMs, engine, fallback = false) {
      const stage = stageFamily(stageKey);
      stageDuration.observe({ stage, engine: engine ?? 'none' }, Math.max(0, durationMs) / 1000);
      if (fallback) modelCalls.inc({ stage, outcome: 'fallback' });
      else if (engine === 'model') modelCalls.inc({ stage, outcome: 'model' });
    },

    countSlackCall(method, result) {
      slackCalls.inc({ method, result: oneOf(SLACK_CALL_RESULTS, result) });
    },

    countWebhook(source, result, alerts, rejected = 0) {
      const labels = { source: oneOf(ALERT_SOURCES, source), result: oneOf(WEBHOOK_RESULTS, result) };
      webhookRequests.inc(labels);
      webhookAlerts.inc(labels, Math.max(0, alerts));
      if (rejected > 0) webhookAlerts.inc({ source: labels.source, result: 'rejected' }, rejected);
    },

    countJobFailure(queue, name) {
      jobFailures.inc({ queue, job: name || OTHER });
    },

    countPlacement(result) {
      placements.inc({ result });
    },

    setProviders(next) {
      providers = { ...providers, ...next };
    },

    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
