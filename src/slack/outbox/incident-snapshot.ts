import { GuardReport } from '../../agents/guard/index.js';
import { PlanOutput, RcaOutput, SpecialistOutput, TriageOutput } from '../../agents/schemas.js';
import type { ApprovalBook } from '../../domain/approval.js';
import type { PageTarget } from '../../domain/paging.js';
import type { Postmortem } from '../../domain/postmortem.js';
import type { StageRun } from '../../domain/stage-run.js';
import type { StepApproval } from '../../domain/step-approval.js';
import { TelemetrySnapshot } from '../../domain/telemetry.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { planStageKey } from '../../pipeline/diagnosis/plan-handler.js';
import {
  type ApprovalPart,
  approvalParts,
  incidentApprovers,
} from '../../pipeline/hitl/incident-approvers.js';
import { FixOutput } from '../../pipeline/remediation/fix-handler.js';
import { VerifyOutput } from '../../pipeline/remediation/verify-handler.js';
import { POSTMORTEM_STATUSES, postmortemFor } from '../../pipeline/reports.js';
import { RouteOutput } from '../../pipeline/review/decide-handler.js';
import { DryRunOutput } from '../../pipeline/review/dry-run-output.js';
import { DIAGNOSIS_STAGES, inRound, REVIEW_STAGES, verifyStage } from '../../pipeline/stage-catalog.js';
import type { AlertTally } from '../../store/ingest-store.js';
import { type IncidentChart, incidentChart } from './incident-chart.js';

export interface RoundReview {
  round: number;
  plan: PlanOutput;
  guard?: GuardReport;
  dryRun?: DryRunOutput;
  route?: RouteOutput;
}

/** Everything the thread shows about one incident, read in one go. */
export interface IncidentSnapshot {
  ticket: Ticket;
  runs: StageRun[];
  specialists: SpecialistOutput[];
  rca?: RcaOutput;
  rounds: RoundReview[];
  book: ApprovalBook;
  killSwitch: boolean;
  approvers: readonly string[];
  /** Who decides each part of each round's plan (several when its services have different approvers). */
  partsByRound: ReadonlyMap<number, readonly ApprovalPart[]>;
  /** APPROVERS: who may decide where an approver group cannot be read. */
  globalApprovers: readonly string[];
  hitlTimeoutMs: number;
  fixes: FixOutput[];
  verdict?: VerifyOutput;
  manualDone: Set<string>;
  /** Approvals of `per-step` runbook steps, asked as the runner reached them. */
  stepApprovals: StepApproval[];
  alerts: AlertTally;
  /** Where the incident's owner was paged (PagerDuty, the paging webhook); absent: nowhere. */
  paged?: readonly PageTarget[];
  /** What the telemetry sources could not say (timeouts, errors, no data): shown with the RCA. */
  telemetryNotes: string[];
  /** The root cause's key series, for a sparkline and a chart. */
  chart?: IncidentChart;
  /** Markdown, once the crew's work on the incident is over. */
  postmortem?: Postmortem;
  /** When the incident channel will be archived (ISO), once a close queued it. */
  roomArchiveAt?: string;
  /** Triage's verdict when it judged the alert a likely false positive. */
  falsePositive?: TriageOutput['falsePositive'];
}

const MAX_PLAN_ROUNDS = 10;

async function loadRounds(
  ctx: PipelineContext,
  incidentId: string,
  done: Set<string>,
): Promise<RoundReview[]> {
  const rounds = Array.from({ length: MAX_PLAN_ROUNDS }, (_, index) => index + 1).filter((round) =>
    done.has(planStageKey(round)),
  );
  return Promise.all(
    rounds.map(async (round) => {
      const [plan, guard, dryRun, route] = await Promise.all([
        ctx.stages.output(incidentId, planStageKey(round), PlanOutput),
        ctx.stages.output(incidentId, inRound(REVIEW_STAGES.guard, round).key, GuardReport),
        ctx.stages.output(incidentId, inRound(REVIEW_STAGES.sandbox, round).key, DryRunOutput),
        ctx.stages.output(incidentId, inRound(REVIEW_STAGES.decide, round).key, RouteOutput),
      ]);
      if (!plan) throw new Error(`Plan round ${round} of ${incidentId} is marked done but has no output`);
      return {
        round,
        plan,
        ...(guard ? { guard } : {}),
        ...(dryRun ? { dryRun } : {}),
        ...(route ? { route } : {}),
      };
    }),
  );
}

export async function loadIncidentSnapshot(
  ctx: PipelineContext,
  incidentId: string,
): Promise<IncidentSnapshot | undefined> {
  const ticket = await ctx.tickets.get(incidentId);
  if (!ticket) return undefined;
  const [runs, book, killSwitch, manualDone, alerts, stepApprovals, paged] = await Promise.all([
    ctx.stages.runs(incidentId),
    ctx.approvals.book(incidentId),
    ctx.killSwitch.state(),
    ctx.manualSteps.done(incidentId),
    ctx.alerts.tally(incidentId),
    ctx.stepApprovals.list(incidentId),
    ctx.pages.triggered(incidentId),
  ]);
  const done = new Set(runs.filter((run) => run.state === 'done').map((run) => run.key));
  const doneWith = (prefix: string) => [...done].filter((key) => key.startsWith(prefix));
  const lastRound = book.rounds.at(-1)?.round ?? 1;
  const [specialists, rca, rounds, fixes, verdict, triage] = await Promise.all([
    ctx.stages.outputs(incidentId, doneWith('specialist:'), SpecialistOutput),
    done.has(DIAGNOSIS_STAGES.rca.key)
      ? ctx.stages.output(incidentId, DIAGNOSIS_STAGES.rca.key, RcaOutput)
      : undefined,
    loadRounds(ctx, incidentId, done),
    ctx.stages.outputs(incidentId, doneWith('fix:'), FixOutput),
    ctx.stages.output(incidentId, verifyStage(lastRound).key, VerifyOutput),
    done.has(DIAGNOSIS_STAGES.triage.key)
      ? ctx.stages.output(incidentId, DIAGNOSIS_STAGES.triage.key, TriageOutput)
      : undefined,
  ]);
  const telemetry = rca ? await ctx.stages.telemetry(incidentId, TelemetrySnapshot) : undefined;
  const chart = rca ? incidentChart(rca, telemetry) : undefined;
  const postmortem = (POSTMORTEM_STATUSES as readonly string[]).includes(ticket.status)
    ? await postmortemFor(ctx, ticket)
    : undefined;
  return {
    ticket,
    runs,
    ...(postmortem ? { postmortem } : {}),
    ...(chart ? { chart } : {}),
    telemetryNotes: telemetry?.notes ?? [],
    specialists,
    ...(rca ? { rca } : {}),
    rounds,
    book,
    killSwitch: killSwitch.on,
    approvers: incidentApprovers(ctx, ticket),
    partsByRound: new Map(
      rounds.map((review) => [
        review.round,
        approvalParts(ctx, { ...ticket, recommendations: review.plan.actions }),
      ]),
    ),
    globalApprovers: ctx.settings.approvers,
    hitlTimeoutMs: ctx.settings.hitlTimeoutSeconds * 1000,
    fixes,
    ...(verdict ? { verdict } : {}),
    manualDone,
    stepApprovals,
    alerts,
    ...(paged.length > 0 ? { paged } : {}),
    ...(triage?.falsePositive.likely ? { falsePositive: triage.falsePositive } : {}),
  };
}
