import { z } from 'zod';
import { parseFreezeWindows } from './domain/rollout/freeze-windows.js';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const commaSeparated = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const hostPortList = commaSeparated.pipe(
  z.array(z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'must be host:port entries')),
);

/** `off`, or the severities that get their own channel (`sev1`, `sev1,sev2`); read by roomSettingsFrom. */
const incidentChannels = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(off|sev[123](\s*,\s*sev[123])*)$/, 'must be off, or severities such as sev1 or sev1,sev2')
  .default('sev1');

const slackUserIds = commaSeparated.pipe(
  z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'must be Slack user ids such as U024BE7LH')),
);

/** Every variable Warroom reads, with its default. README's configuration table mirrors this schema. */
export const envSchema = z.object({
  ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; unset: every interface, except local mode, which stays on 127.0.0.1. */
  HOST: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: a Redis on 127.0.0.1:6379, else a private redis-server (see src/dev/local-redis.ts). */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('warroom'),
  /** Sentinels (host:port, comma-separated) that name the primary; REDIS_URL then gives only credentials, db and TLS. */
  REDIS_SENTINELS: hostPortList,
  /** The primary's name the sentinels monitor (`sentinel monitor <name> …`); required with REDIS_SENTINELS. */
  REDIS_SENTINEL_NAME: optionalText,
  /** With REDIS_SENTINELS: how long a decision, a step record or a Slack message record waits for a replica (WAIT 1); 0: never. */
  REDIS_WAIT_REPLICA_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  /** Redis Cluster nodes (host:port, comma-separated; the rest are discovered); REDIS_URL then gives only credentials and TLS. */
  REDIS_CLUSTER_NODES: hostPortList,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: z.url().optional(),
  SLACK_INCIDENT_CHANNEL: optionalText,
  WEBHOOK_TOKEN: optionalText,
  PAGERDUTY_WEBHOOK_SECRET: optionalText,
  GRAFANA_WEBHOOK_SECRET: optionalText,
  /** Bearer token of the read-only `/api/incidents` API; the API answers 503 while it is unset. */
  API_TOKEN: optionalText,
  /** Bearer token of `POST /api/changes` (pipelines that ask Warroom to roll out); never API_TOKEN; unset: 503. */
  CHANGE_API_TOKEN: optionalText,
  /** Basic-auth credentials of the bull-board dashboard at `/admin/queues`; not mounted unless both are set. */
  ADMIN_USER: optionalText,
  ADMIN_PASSWORD: optionalText,
  CORRELATION_WINDOW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** New incidents each alert source may open per minute; further new groups fold into one alert-flood incident. */
  INGEST_NEW_INCIDENTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Severities whose incidents get their own channel (`off`: every incident stays in SLACK_INCIDENT_CHANNEL's threads). */
  INCIDENT_CHANNELS: incidentChannels,
  INCIDENT_CHANNELS_PRIVATE: booleanFlag,
  /** Hours after a close before the incident's channel is archived. */
  INCIDENT_CHANNEL_ARCHIVE_HOURS: z.coerce.number().min(0).max(8760).default(24),
  APPROVERS: slackUserIds,
  HITL_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(86_400).default(900),
  AUTO_REMEDIATE: booleanFlag,
  GEMINI_API_KEY: optionalText,
  GEMINI_MODEL: z.string().min(1).default('gemini-2.5-flash'),
  GEMINI_BASE_URL: z.url().optional(),
  GEMINI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  GEMINI_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** Tokens one incident may spend on the model before every later stage falls back to the rules. */
  GEMINI_TOKEN_BUDGET: z.coerce.number().int().min(0).max(10_000_000).default(50_000),
  MONITOR_INTERVAL_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  CHAOS_MIN_INTERVAL_SECONDS: z.coerce.number().min(1).max(86_400).default(30),
  CHAOS_MAX_INTERVAL_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
  /**
   * A job's lock lasts this long unless its worker renews it (every half of it); with
   * STALLED_CHECK_SECONDS it bounds how long a dead worker's jobs wait for another worker.
   */
  JOB_LOCK_SECONDS: z.coerce.number().min(1).max(600).default(10),
  /** How often workers look for jobs whose lock expired. */
  STALLED_CHECK_SECONDS: z.coerce.number().min(0.1).max(600).default(5),
  /** Stalls (its worker died mid-job) a job survives; one more fails it and hands the incident to people. */
  JOB_MAX_STALLS: z.coerce.number().int().min(0).max(10).default(1),
  /** SIGTERM: time to finish current jobs; jobs still running then go back to the queue at once. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(8),
  /** Prometheus HTTP API base (e.g. http://prometheus:9090); unset: metrics come from the simulated estate. */
  PROMETHEUS_URL: z.url().optional(),
  /** Loki HTTP API base (e.g. http://loki:3100); unset: logs come from the simulated estate. */
  LOKI_URL: z.url().optional(),
  /** Budget of one telemetry snapshot's queries to each backend, and of diagnosis's Kubernetes workload read. */
  TELEMETRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** How far back a diagnosis reads Prometheus; the first quarter of it is the baseline. */
  TELEMETRY_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** Distance between two points of a series read from Prometheus. */
  TELEMETRY_STEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  RULE_REASONER_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** The team's service catalog: YAML files (Warroom or Backstage), comma-separated; empty: the simulated estate. */
  WARROOM_CATALOG: commaSeparated,
  /** With a catalog: how long verification waits after the fixers before it reads health. */
  VERIFY_SETTLE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /** With a catalog: how many health readings must all be healthy for Resolved. */
  VERIFY_SAMPLES: z.coerce.number().int().min(1).max(20).default(3),
  VERIFY_SAMPLE_INTERVAL_SECONDS: z.coerce.number().min(0).max(600).default(10),
  /** Runbook YAML files or directories of them, comma-separated; they name the catalog's executors. */
  WARROOM_RUNBOOKS: commaSeparated,
  /** Lets `local` executors run commands on this host; off, they refuse (the catalog alone cannot turn it on). */
  LOCAL_COMMANDS: booleanFlag,
  /** The kubeconfig file `kubernetes` executors use; unset: the in-cluster service account. */
  KUBECONFIG: z.string().min(1).optional(),
  /** PostgreSQL for incident history (postgres://…); unset: Redis is the only copy and incidents expire from it. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Days a closed incident stays in Redis once archived to PostgreSQL (with DATABASE_URL). */
  INCIDENT_HOT_DAYS: z.coerce.number().min(0).max(3650).default(7),
  /** Days a closed incident's keys live in Redis without DATABASE_URL. */
  INCIDENT_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(180),
  /** How long after a deploy (`POST /webhooks/change`) an incident on its service, or on what depends on it, names it. */
  CHANGE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(3600),
  /** Comma-separated ISO 8601 intervals (`2026-12-24T00:00Z/2026-12-27T00:00Z`) during which no rollout starts. */
  FREEZE_WINDOWS: z
    .string()
    .optional()
    .superRefine((text, context) => {
      const parsed = parseFreezeWindows(text ?? '');
      if (!parsed.ok)
        for (const problem of parsed.problems) context.addIssue({ code: 'custom', message: problem });
    }),
  /** PagerDuty Events API v2 integration (routing) key: escalated incidents page through it; unset: no PagerDuty page. */
  PAGERDUTY_ROUTING_KEY: optionalText,
  /** Base URL of PagerDuty's Events API (events are POSTed to `<base>/v2/enqueue`). */
  PAGERDUTY_EVENTS_URL: z.url({ protocol: /^https?$/ }).default('https://events.pagerduty.com'),
  /** A generic paging webhook (Grafana IRM, incident.io alert sources…): trigger and resolve as JSON; unset: none. */
  PAGE_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a sev1 may wait for a decision before its owner is paged (low confidence pages at once). */
  PAGE_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Days an incident may sit in Partially_Resolved or Needs_Followup before a reminder and leaving the open set. */
  STALE_INCIDENT_DAYS: z.coerce.number().min(1).max(3650).default(14),
});

export type Config = Readonly<z.infer<typeof envSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function crossFieldProblems(config: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    problems.push(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN (Socket Mode) is set',
    );
  }
  if (config.WARROOM_RUNBOOKS.length > 0 && config.WARROOM_CATALOG.length === 0) {
    problems.push(
      "WARROOM_RUNBOOKS: needs WARROOM_CATALOG (runbook steps name the catalog's services and executors)",
    );
  }
  if (config.REDIS_SENTINELS.length > 0 && !config.REDIS_SENTINEL_NAME) {
    problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the name the sentinels monitor)');
  }
  if (config.REDIS_SENTINEL_NAME && config.REDIS_SENTINELS.length === 0) {
    problems.push('REDIS_SENTINELS: required with REDIS_SENTINEL_NAME (host:port of each sentinel)');
  }
  if (config.REDIS_SENTINELS.length > 0 && config.REDIS_CLUSTER_NODES.length > 0) {
    problems.push('REDIS_CLUSTER_NODES: set either it or REDIS_SENTINELS, not both');
  }
  if (config.CHAOS_MIN_INTERVAL_SECONDS > config.CHAOS_MAX_INTERVAL_SECONDS) {
    problems.push('CHAOS_MIN_INTERVAL_SECONDS: must not be above CHAOS_MAX_INTERVAL_SECONDS');
  }
  if (config.SLACK_APP_TOKEN && config.PORT === 0) {
    problems.push('PORT: pick a port with Socket Mode (health, webhooks and metrics are served on it)');
  }
  if (config.SLACK_APP_TOKEN && !config.SLACK_APP_TOKEN.startsWith('xapp-')) {
    problems.push('SLACK_APP_TOKEN: must be an app-level token starting with xapp-');
  }
  if (config.SLACK_BOT_TOKEN && !config.SLACK_BOT_TOKEN.startsWith('xox')) {
    problems.push('SLACK_BOT_TOKEN: must be a bot token starting with xoxb-');
  }
  return problems;
}

/** Parses the environment once; every problem is listed, not just the first. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    ...parsed.data,
    APPROVERS: Object.freeze([...parsed.data.APPROVERS]),
    WARROOM_CATALOG: Object.freeze([...parsed.data.WARROOM_CATALOG]),
    WARROOM_RUNBOOKS: Object.freeze([...parsed.data.WARROOM_RUNBOOKS]),
    REDIS_SENTINELS: Object.freeze([...parsed.data.REDIS_SENTINELS]),
    REDIS_CLUSTER_NODES: Object.freeze([...parsed.data.REDIS_CLUSTER_NODES]),
  }) as Config;
}

/**
 * The environment executor credentials (`{ env: NAME }` in the catalog) are resolved from, once at
 * start. Handed over here so that nothing else reads process.env.
 */
export function credentialEnvironment(
  env: Record<string, string | undefined> = process.env,
): Readonly<Record<string, string | undefined>> {
  return Object.freeze({ ...env });
}
