import type { Reasoner } from '../agents/reasoner.js';
import type { Catalog } from '../domain/catalog/index.js';
import type { Executors, HealthProbe, ServiceDirectory, UserGroups } from '../domain/ports.js';
import type { Postmortem } from '../domain/postmortem.js';
import type { ProcessReader } from '../domain/process-evidence.js';
import type { RetentionSettings } from '../domain/retention.js';
import type { FreezeWindow } from '../domain/rollout/freeze-windows.js';
import type { TelemetrySource } from '../domain/telemetry-source.js';
import type { WorkloadReader } from '../domain/workload-evidence.js';
import type { ExecutorRegistry } from '../executors/registry.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Pager } from '../paging/pager.js';
import type { Runbook } from '../runbooks/index.js';
import type { ApprovalStore } from '../store/approval-store.js';
import type { ChangeStore } from '../store/change-store.js';
import type { ChaosStore } from '../store/chaos-store.js';
import type { EstateStore } from '../store/estate-store.js';
import type { IncidentRetention } from '../store/incident-retention.js';
import type { IngestStore } from '../store/ingest-store.js';
import type { KillSwitch } from '../store/kill-switch.js';
import type { LearningStore } from '../store/learning-store.js';
import type { ManualSteps } from '../store/manual-steps.js';
import type { PageRecords } from '../store/page-records.js';
import type { RolloutStore } from '../store/rollout-store.js';
import type { RunbookDryRuns } from '../store/runbook-dry-runs.js';
import type { SilenceStore } from '../store/silence-store.js';
import type { StageStore } from '../store/stage-store.js';
import type { StepApprovals } from '../store/step-approvals.js';
import type { StepRecords } from '../store/step-records.js';
import type { TaskStore } from '../store/task-store.js';
import type { TicketStore } from '../store/ticket-store.js';
import type { TimelineStore } from '../store/timeline-store.js';
import type { PrometheusClient } from '../telemetry/index.js';
import type { JobQueues } from './queues.js';
import type { IncidentArchive } from './retention/archive-port.js';

/** The knobs of the human loop, from config. */
export interface CrewSettings {
  autoRemediate: boolean;
  hitlTimeoutSeconds: number;
  /** Slack user ids allowed to decide; empty means anyone in the channel. */
  approvers: readonly string[];
  /** Channel for incidents opened by alerts (null: they stay out of Slack). */
  incidentChannel: string | null;
  correlationWindowSeconds: number;
  /** New incidents one alert source may open per minute; past it, new groups fold into an alert-flood incident. */
  newIncidentsPerMinute: number;
  /** 0 turns the health monitor off. */
  monitorIntervalSeconds: number;
  chaosIntervalSeconds: { min: number; max: number };
  /** How long after a deploy an incident on its service (or what depends on it) names it. */
  changeWindowSeconds: number;
  /** How long a sev1 waits for a decision before its owner is paged. */
  pageAfterSeconds: number;
  /** FREEZE_WINDOWS: no rollout starts inside one. */
  freezeWindows: readonly FreezeWindow[];
}

/** Everything a stage handler may touch. Built once in main.ts (or a test) and passed down. */
export interface PipelineContext {
  settings: CrewSettings;
  approvals: ApprovalStore;
  killSwitch: KillSwitch;
  chaos: ChaosStore;
  manualSteps: ManualSteps;
  learning: LearningStore;
  alerts: IngestStore;
  /** `/incident silence`: alerts they match open no incident until they expire. */
  silences: SilenceStore;
  /** Deploys recorded per service (`POST /webhooks/change`). */
  changes: ChangeStore;
  /** PagerDuty or a paging webhook (PAGERDUTY_ROUTING_KEY, PAGE_WEBHOOK_URL); absent: nobody is paged. */
  pager?: Pager;
  /** What was paged per incident: a page goes out once and is resolved once. */
  pages: PageRecords;
  metrics?: Pick<Metrics, 'observeStage'>;
  logger: Logger;
  tickets: TicketStore;
  timeline: TimelineStore;
  stages: StageStore;
  /** The simulated estate's state: only /inject, chaos and the simulation's adapters touch it; stages go through the ports below. */
  estate: EstateStore;
  /** The team's services from WARROOM_CATALOG; absent: the simulated estate stands in. */
  catalog?: Catalog;
  /** Services, owners and graph: the catalog's, or the simulated estate's when there is none. */
  directory: ServiceDirectory;
  /** Healthy / degraded / down / unknown per service, with the numbers behind it. */
  health: HealthProbe;
  /** What can apply an action to a service; the manual executor where nothing else may. */
  executors: Executors;
  /** The team's runbooks (empty without a catalog): the only source of steps for a real executor. */
  runbooks: readonly Runbook[];
  /** The live executors runbook steps name, by catalog name (absent without a catalog). */
  stepExecutors?: ExecutorRegistry;
  /** At-most-once records of runbook steps: a start before the executor call, the outcome right after. */
  stepRecords: StepRecords;
  /** Expands Slack user groups named as approvers (`usergroups.users.list`); unreadable without Slack. */
  userGroups: UserGroups;
  /** Approvals of `per-step` runbook steps, asked when the runner reaches them. */
  stepApprovals: StepApprovals;
  /** Rollouts (`/change rollout`, `POST /api/changes`): each change, its counter, step records and messages. */
  rollouts: RolloutStore;
  /** Routine tasks (runbooks with a schedule): pauses by hand, runs, decisions, their messages. */
  tasks: TaskStore;
  /** `/runbook dry-run` results until their private reply is sent. */
  runbookDryRuns: RunbookDryRuns;
  /** Prometheus, where configured: runbook steps' `verify: { promql }` read it. */
  prometheus?: PrometheusClient;
  telemetry: TelemetrySource;
  /** Reads a catalog service's Kubernetes workload for diagnosis (absent: no Kubernetes executor). */
  workloads?: WorkloadReader;
  /** Reads a catalog service's supervisord program for diagnosis (absent: no supervisor executor). */
  processes?: ProcessReader;
  reasoner: Reasoner;
  queues: JobQueues;
  /** How long closed incidents stay in Redis, and the store that expires and evicts them. */
  retention: { store: IncidentRetention; settings: RetentionSettings };
  /** PostgreSQL incident history (DATABASE_URL); absent: Redis is the only copy. */
  history?: IncidentArchive;
  /**
   * Writes a postmortem for people, as the archive keeps it: Slack mrkdwn from slack/blocks, handed
   * in by the composition root because the pipeline imports no Slack.
   */
  writePostmortem: (postmortem: Postmortem) => string;
  now: () => Date;
}
