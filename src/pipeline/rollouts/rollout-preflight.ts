import { PlanStageOutput } from '../../agents/schemas.js';
import { latestRound } from '../../domain/approval.js';
import { activeFreeze } from '../../domain/rollout/freeze-windows.js';
import {
  type PreflightFacts,
  type ProposedRollback,
  preflightVerdict,
  proposedRollbacks,
} from '../../domain/rollout/preflight.js';
import {
  changesInTheWay,
  phaseUnits,
  type Rollout,
  type RolloutDryRun,
  type RolloutPlan,
} from '../../domain/rollout/rollout.js';
import type { Ticket } from '../../domain/ticket.js';
import { CHANGE_KEEP_MS } from '../../store/change-store.js';
import type { PipelineContext } from '../context.js';
import { planStageKey } from '../diagnosis/plan-handler.js';
import { dryRunRunbookPlan } from '../review/runbook-dry-run.js';
import { advanceRollout, withLine } from './rollout-log.js';
import { rolloutPlanFor, rolloutRunbookOf, unitSteps } from './rollout-plan.js';

/** How many recent changes pre-flight reads to find another one of the same service under way. */
const OTHER_CHANGES_LOOKED_AT = 200;

/** The version before: asked for, else the newest change recorded on the service. */
async function previousVersionOf(ctx: PipelineContext, rollout: Rollout): Promise<string | undefined> {
  if (rollout.previousVersion) return rollout.previousVersion;
  const now = ctx.now().getTime();
  const changes = await ctx.changes.between(now - CHANGE_KEEP_MS, now);
  const newest = changes
    .filter((change) => change.service === rollout.service && change.version !== rollout.version)
    .at(-1);
  return newest?.version;
}

async function dryRunOf(ctx: PipelineContext, rollout: Rollout, plan: RolloutPlan): Promise<RolloutDryRun> {
  const runbook = rolloutRunbookOf(ctx, rollout.service);
  const [firstUnit] = phaseUnits(plan, 0);
  const first =
    runbook && firstUnit
      ? unitSteps(ctx, runbook, rollout.service, firstUnit.unit, rollout.version)
      : undefined;
  if (!first?.ok) return { helps: false, summary: first?.problem ?? 'no rollout runbook', steps: [] };
  const output = await dryRunRunbookPlan(ctx, { runbookId: plan.runbookId, params: { ...first.params } });
  return { helps: output.helps, summary: output.summary.slice(0, 1000), steps: output.steps ?? [] };
}

/** The rollbacks an incident's latest plan proposes, from its actions and its runbook's params. */
async function rollbacksProposedBy(ctx: PipelineContext, ticket: Ticket): Promise<ProposedRollback[]> {
  const round = latestRound(await ctx.approvals.book(ticket.id))?.round ?? 1;
  const plan = await ctx.stages.output(ticket.id, planStageKey(round), PlanStageOutput);
  const versionParamsOf = (runbookId: string) => {
    const runbook = ctx.runbooks.find((candidate) => candidate.id === runbookId);
    if (runbook === undefined) return [];
    return [...runbook.params].flatMap(([name, param]) => (param.from === 'previousVersion' ? [name] : []));
  };
  return proposedRollbacks(plan, versionParamsOf, ticket.changes);
}

/** Every fact pre-flight judges, read now from the estate (I/O here; the verdict is pure). */
async function gatherFacts(
  ctx: PipelineContext,
  rollout: Rollout,
  plan: { ok: true; plan: RolloutPlan } | { ok: false; problem: string },
  previousVersion: string | undefined,
  dryRun: RolloutDryRun | undefined,
): Promise<PreflightFacts> {
  const now = ctx.now();
  const service = ctx.catalog?.find(rollout.service);
  const touched = service ? [service.name, ...(ctx.catalog?.transitiveDependencies(service.name) ?? [])] : [];
  const reports = touched.length > 0 ? await ctx.health.probe(touched, now) : [];
  const open = await ctx.tickets.listOpen();
  const incidents = await Promise.all(
    open.flatMap((ticket) => {
      const hit = touched.find(
        (name) => ticket.system === name || ticket.recommendations.some((action) => action.target === name),
      );
      if (hit === undefined) return [];
      return [
        rollbacksProposedBy(ctx, ticket).then((proposes) => ({ id: ticket.id, system: hit, proposes })),
      ];
    }),
  );
  const others = changesInTheWay(rollout, await ctx.rollouts.recent(OTHER_CHANGES_LOOKED_AT));
  const global = activeFreeze(ctx.settings.freezeWindows, now);
  const own = activeFreeze(service?.freeze ?? [], now);
  const problems = [
    ...(plan.ok ? [] : [plan.problem]),
    ...(previousVersion === undefined
      ? [
          `no previous version of ${rollout.service} is known, so a failed gate could not roll back: pass \`--previous <version>\` (or record the current deploy with POST /webhooks/change)`,
        ]
      : []),
  ];
  return {
    service: rollout.service,
    version: rollout.version,
    health: reports.map((report) => ({
      service: report.service,
      state: report.state,
      why: report.state === 'unknown' ? report.unmeasured : report.reasons,
    })),
    incidents,
    otherChanges: others.map((other) => ({ id: other.id, status: other.status })),
    ...(global
      ? { freeze: { window: global, source: 'FREEZE_WINDOWS' as const } }
      : own
        ? { freeze: { window: own, source: 'catalog' as const } }
        : {}),
    dryRunProblems: (dryRun?.steps ?? [])
      .filter((step) => step.outcome !== 'ok')
      .map((step) => `step ${step.stepId} via ${step.executor}: ${step.excerpt || step.outcome}`),
    ...(problems.length > 0 ? { planProblem: problems.join('; ') } : {}),
  };
}

/**
 * Pre-flight of a new change: the plan, the previous version, the estate's health, open incidents,
 * freeze windows and the executor's dry run. Blocked: its card says why. Clear: its plan goes to
 * the approval message, which expires after HITL_TIMEOUT_SECONDS as an incident's does.
 */
export async function handleRolloutPreflight(ctx: PipelineContext, changeId: string): Promise<void> {
  const rollout = await ctx.rollouts.get(changeId);
  if (rollout === undefined || rollout.status !== 'preflight') return;
  const plan = rolloutPlanFor(ctx, {
    service: rollout.service,
    version: rollout.version,
    phasesPct: rollout.phasesPct,
  });
  const previousVersion = await previousVersionOf(ctx, rollout);
  const dryRun = plan.ok ? await dryRunOf(ctx, rollout, plan.plan) : undefined;
  const verdict = preflightVerdict(await gatherFacts(ctx, rollout, plan, previousVersion, dryRun));
  const now = ctx.now();
  const known = {
    ...(plan.ok ? { plan: plan.plan } : {}),
    ...(dryRun ? { dryRun } : {}),
    ...(previousVersion ? { previousVersion } : {}),
  };
  if (!verdict.ok) {
    const reason = `Blocked by pre-flight: ${verdict.reasons.join('; ')}`;
    await advanceRollout(ctx, changeId, (current) =>
      current.status !== 'preflight'
        ? undefined
        : withLine(
            {
              ...current,
              ...known,
              status: 'blocked',
              reason: reason.slice(0, 2000),
              finishedAt: now.toISOString(),
            },
            now,
            `🚫 ${reason}`,
          ),
    );
    return;
  }
  const expiresAt = new Date(now.getTime() + ctx.settings.hitlTimeoutSeconds * 1000);
  await ctx.approvals.open(changeId, {
    round: 1,
    route: 'approval',
    openedAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  const notes = verdict.notes.length > 0 ? ` (${verdict.notes.join('; ')})` : '';
  await advanceRollout(ctx, changeId, (current) =>
    current.status !== 'preflight'
      ? undefined
      : withLine(
          { ...current, ...known, status: 'awaiting-approval' },
          now,
          `🔎 Pre-flight passed${notes}: waiting for approval.`,
        ),
  );
  await ctx.queues.add('change-expire', { changeId }, { delayMs: ctx.settings.hitlTimeoutSeconds * 1000 });
}
