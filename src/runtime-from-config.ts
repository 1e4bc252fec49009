import { createReasoner } from './agents/create-reasoner.js';
import type { Estate } from './catalog/load-estate.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics/metrics.js';
import { createPager, type Pager } from './paging/pager.js';
import type { IncidentArchive } from './pipeline/retention/archive-port.js';
import type { WorkerTuning } from './pipeline/workers.js';
import type { RuntimeOptions } from './runtime.js';
import { crewSettingsFrom, healthSamplingFrom, telemetryFrom } from './runtime-settings.js';
import { createSlackUserGroups } from './slack/user-groups.js';
import { hostPorts, type RedisEndpoint } from './store/redis-endpoint.js';
import { createPrometheusClient } from './telemetry/index.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Cluster (REDIS_CLUSTER_NODES) or Sentinel (REDIS_SENTINELS) when set; nothing for a plain REDIS_URL. */
function redisEndpointOption(config: Config): { redisEndpoint?: RedisEndpoint } {
  const url = config.REDIS_URL ?? DEFAULT_REDIS_URL;
  if (config.REDIS_CLUSTER_NODES.length > 0) {
    const clusterNodes = hostPorts(config.REDIS_CLUSTER_NODES);
    return { redisEndpoint: { url, clusterNodes, waitReplicaMs: config.REDIS_WAIT_REPLICA_MS } };
  }
  if (config.REDIS_SENTINELS.length > 0 && config.REDIS_SENTINEL_NAME) {
    const sentinel = { nodes: hostPorts(config.REDIS_SENTINELS), name: config.REDIS_SENTINEL_NAME };
    return { redisEndpoint: { url, sentinel, waitReplicaMs: config.REDIS_WAIT_REPLICA_MS } };
  }
  return {};
}
/** How workers notice each other's death: BullMQ's job locks and stall checks, from config. */
export function stallTuningOf(config: Config): Omit<WorkerTuning, 'concurrency'> {
  return {
    lockDuration: Math.round(config.JOB_LOCK_SECONDS * 1000),
    stalledInterval: Math.round(config.STALLED_CHECK_SECONDS * 1000),
    maxStalledCount: config.JOB_MAX_STALLS,
  };
}

/** PagerDuty and/or the paging webhook, when configured; the routing key stays inside the pager. */
function pagerFrom(config: Config): { pager?: Pager } {
  const pager = createPager({
    ...(config.PAGERDUTY_ROUTING_KEY
      ? { pagerDuty: { routingKey: config.PAGERDUTY_ROUTING_KEY, eventsUrl: config.PAGERDUTY_EVENTS_URL } }
      : {}),
    ...(config.PAGE_WEBHOOK_URL ? { webhookUrl: config.PAGE_WEBHOOK_URL } : {}),
  });
  return pager ? { pager } : {};
}

/** What the composition root builds its runtime from: the config and what it already made. */
export interface RuntimeParts {
  estate: Estate;
  logger: Logger;
  metrics: Metrics;
  botToken: string;
  history?: IncidentArchive;
}

/** The runtime's options as the config and the checked estate say (pure apart from the clients it creates). */
export function runtimeOptionsFrom(
  config: Config,
  { estate, logger, metrics, botToken, history }: RuntimeParts,
): RuntimeOptions {
  const { catalog } = estate;
  return {
    redisUrl: config.REDIS_URL ?? DEFAULT_REDIS_URL,
    ...redisEndpointOption(config),
    metrics,
    prefix: config.REDIS_PREFIX,
    logger,
    reasoner: createReasoner(config, { ruleLatencyMs: config.RULE_REASONER_LATENCY_MS }),
    telemetry: (base) => telemetryFrom(config, base.estate, catalog),
    health: {
      ...(config.PROMETHEUS_URL
        ? {
            prometheus: createPrometheusClient({
              baseUrl: config.PROMETHEUS_URL,
              timeoutMs: config.TELEMETRY_TIMEOUT_MS,
            }),
          }
        : {}),
      sampling: healthSamplingFrom(config),
      timeoutMs: config.TELEMETRY_TIMEOUT_MS,
    },
    settings: crewSettingsFrom(config),
    ...pagerFrom(config),
    ...(catalog ? { catalog } : {}),
    runbooks: estate.runbooks,
    ...(estate.executors ? { stepExecutors: estate.executors } : {}),
    ...(estate.workloads ? { workloads: estate.workloads } : {}),
    ...(estate.processes ? { processes: estate.processes } : {}),
    retention: {
      retentionDays: config.INCIDENT_RETENTION_DAYS,
      hotDays: config.INCIDENT_HOT_DAYS,
      staleDays: config.STALE_INCIDENT_DAYS,
    },
    ...(history ? { history } : {}),
    userGroups: createSlackUserGroups({
      botToken,
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
      logger,
    }),
  };
}
