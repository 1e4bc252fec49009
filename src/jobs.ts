import { intakeJob } from './pipeline/diagnosis/intake-handler.js';
import { planJob } from './pipeline/diagnosis/plan-handler.js';
import { rcaJob } from './pipeline/diagnosis/rca-handler.js';
import { specialistJob } from './pipeline/diagnosis/specialist-handler.js';
import { triageJob } from './pipeline/diagnosis/triage-handler.js';
import { applyDecisionJob } from './pipeline/hitl/apply-decision-handler.js';
import { hitlReminderJob, hitlTimeoutJob } from './pipeline/hitl/timeout-handlers.js';
import { ingestJob } from './pipeline/ingest/ingest-handler.js';
import { catalogOf } from './pipeline/job-catalog.js';
import type { InputsOf } from './pipeline/job-definition.js';
import { pageJob, pageResolveJob } from './pipeline/paging/page-jobs.js';
import { fixJob } from './pipeline/remediation/fix-handler.js';
import { remediateJob } from './pipeline/remediation/remediate-handler.js';
import { verifyJob } from './pipeline/remediation/verify-handler.js';
import { archiveJob } from './pipeline/retention/archive-handler.js';
import { retentionSweepJob } from './pipeline/retention/retention-sweep.js';
import { decideJob } from './pipeline/review/decide-handler.js';
import { guardJob } from './pipeline/review/guard-handler.js';
import { runbookDryRunJob } from './pipeline/review/runbook-dry-run-job.js';
import { sandboxJob } from './pipeline/review/sandbox-handler.js';
import {
  changeExpireJob,
  changeGateJob,
  changePhaseJob,
  changePreflightJob,
  changeRollbackJob,
} from './pipeline/rollouts/rollout-jobs.js';
import { taskExecuteJob, taskExpireJob, taskRunJob } from './pipeline/tasks/task-jobs.js';
import { chaosTickJob } from './pipeline/watch/chaos.js';
import { monitorSweepJob } from './pipeline/watch/monitor-handler.js';
import { changeSyncJob } from './slack/outbox/change-sync.js';
import { homeRefreshJob, outboxSyncJob } from './slack/outbox/outbox-worker.js';
import { roomArchiveJob } from './slack/outbox/room-archive.js';
import { runbookDryRunReplyJob } from './slack/outbox/runbook-dry-run-reply.js';
import { taskSyncJob } from './slack/outbox/task-sync.js';

/**
 * Every job Warroom runs, by the queue whose worker runs it. Each is declared once beside its
 * handler (`defineStage` / `defineJob`); the queues' catalog, the workers' dispatch and the names
 * `ctx.queues.add` accepts are generated from these lists. A new job: its declaration, one line here.
 */
export const INCIDENT_JOBS = [
  intakeJob,
  triageJob,
  specialistJob,
  rcaJob,
  planJob,
  guardJob,
  sandboxJob,
  decideJob,
  applyDecisionJob,
  hitlReminderJob,
  hitlTimeoutJob,
  remediateJob,
  fixJob,
  verifyJob,
  monitorSweepJob,
  retentionSweepJob,
  archiveJob,
  chaosTickJob,
  runbookDryRunJob,
  pageJob,
  pageResolveJob,
  taskRunJob,
  taskExecuteJob,
  taskExpireJob,
  changePreflightJob,
  changePhaseJob,
  changeGateJob,
  changeRollbackJob,
  changeExpireJob,
] as const;
export const INGEST_JOBS = [ingestJob] as const;
export const OUTBOX_JOBS = [
  outboxSyncJob,
  homeRefreshJob,
  runbookDryRunReplyJob,
  taskSyncJob,
  changeSyncJob,
  roomArchiveJob,
] as const;

const ALL_JOBS = [...INCIDENT_JOBS, ...INGEST_JOBS, ...OUTBOX_JOBS] as const;
export const JOB_CATALOG = catalogOf(ALL_JOBS);

declare module './pipeline/job-catalog.js' {
  interface JobInputs extends InputsOf<typeof ALL_JOBS> {}
}
