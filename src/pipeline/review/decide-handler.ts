import { z } from 'zod';
import { decideRoute } from '../../agents/decide.js';
import { GuardReport } from '../../agents/guard/index.js';
import { applyAdjustment, confidenceAdjustment, faultSignature } from '../../agents/learning.js';
import type { PlanStageOutput } from '../../agents/schemas.js';
import { type PlannedAction, withStatus } from '../../domain/ticket.js';
import { manualBecause } from '../action-reach.js';
import type { PipelineContext } from '../context.js';
import { defineStage } from '../define-stage.js';
import { RoundInput } from '../job-catalog.js';
import { schedulePage } from '../paging/page-jobs.js';
import { inRound, REVIEW_STAGES } from '../stage-catalog.js';
import { DryRunOutput } from './dry-run-output.js';
import { loadRoundPlan, REVIEWABLE } from './plan-of-round.js';

export const RouteOutput = z.object({
  route: z.enum(['auto', 'approval', 'escalate']),
  reasons: z.array(z.string()),
  /** After the learning adjustment; `baseConfidence` is the root-cause analysis's own. */
  confidence: z.number().int().min(0).max(100),
  baseConfidence: z.number().int().min(0).max(100).optional(),
  adjustment: z.object({ delta: z.number(), reason: z.string() }).optional(),
});
export type RouteOutput = z.infer<typeof RouteOutput>;

/** Confidence routing: act alone only when confident, safe and predicted to help; else ask, or shout. */
export const decideJob = defineStage({
  name: 'decide',
  input: RoundInput,
  stage: ({ round }) => inRound(REVIEW_STAGES.decide, round),
  output: RouteOutput,
  runsWhile: [...REVIEWABLE, 'Awaiting_Approval'],
  needs: async (ctx, { incidentId, round }) => {
    const [{ plan, rca }, guard, dry] = await Promise.all([
      loadRoundPlan(ctx, incidentId, round),
      ctx.stages.output(incidentId, inRound(REVIEW_STAGES.guard, round).key, GuardReport),
      ctx.stages.output(incidentId, inRound(REVIEW_STAGES.sandbox, round).key, DryRunOutput),
    ]);
    return { plan, rca, guard, dry };
  },
  work: async ({ ctx, ticket, needs: { plan, rca, guard, dry } }) => {
    const baseConfidence = ticket.confidence?.score ?? 0;
    const primary = plan.actions[0]?.kind ?? 'manual';
    const stats = await ctx.learning.stats(faultSignature(rca.fault, rca.rootService), primary);
    const adjustment = confidenceAdjustment(stats);
    const confidence = applyAdjustment(baseConfidence, adjustment);
    const killSwitch = (await ctx.killSwitch.state()).on;
    const decision = decideRoute({
      confidence,
      guard: guard.verdict,
      dryRunHelps: dry.helps,
      autoRemediate: ctx.settings.autoRemediate,
      killSwitch,
      ...cannotAct(ctx, plan),
    });
    const output: RouteOutput = {
      route: decision.route,
      reasons: decision.reasons,
      confidence,
      baseConfidence,
      ...(adjustment.decisions > 0 || adjustment.delta !== 0
        ? { adjustment: { delta: adjustment.delta, reason: adjustment.reason } }
        : {}),
    };
    return { output, summary: `${decision.route}${decision.reasons[0] ? `: ${decision.reasons[0]}` : ''}` };
  },
  next: async ({ ctx, input: { incidentId, round }, output }) => {
    await openDecision(ctx, incidentId, round, output);
  },
});

async function openDecision(
  ctx: PipelineContext,
  incidentId: string,
  round: number,
  route: RouteOutput,
): Promise<void> {
  const now = ctx.now();
  const timeoutMs = ctx.settings.hitlTimeoutSeconds * 1000;
  await ctx.approvals.open(incidentId, {
    round,
    route: route.route,
    openedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + (route.route === 'auto' ? 0 : timeoutMs)).toISOString(),
  });
  if (route.route === 'auto') {
    await ctx.approvals.decide(incidentId, round, {
      kind: 'auto',
      at: now.toISOString(),
      reason: 'confident, safe, dry run helps',
    });
    await ctx.queues.add('apply-decision', { incidentId, round });
    return;
  }
  const ticket = await ctx.tickets.update(incidentId, (current) =>
    current.status === 'Remediation_Recommended'
      ? withStatus(current, 'Awaiting_Approval', { now, by: 'crew', reason: route.route })
      : undefined,
  );
  if (ticket.status !== 'Awaiting_Approval') return;
  await Promise.all([
    ctx.timeline.append(incidentId, 'approval.requested', {
      round,
      route: route.route,
      reasons: route.reasons,
    }),
    ctx.queues.add('hitl-reminder', { incidentId, round }, { delayMs: Math.floor(timeoutMs / 2) }),
    ctx.queues.add('hitl-timeout', { incidentId, round }, { delayMs: timeoutMs }),
    ctx.queues.requestSlackSync(incidentId),
    schedulePage(ctx, ticket, round, route.route),
  ]);
}

/**
 * AUTO_REMEDIATE acts only where an automatic executor and a health probe both exist: on a catalog
 * service, only a runbook plan whose runbook says `auto: true`, every step low risk and none per-step.
 */
function cannotAct(ctx: PipelineContext, plan: PlanStageOutput): { cannotAct?: string } {
  if (plan.runbook) {
    const { runbookId, service, autoEligible } = plan.runbook;
    if (!autoEligible)
      return {
        cannotAct: `runbook ${runbookId} may not run alone (not auto, a step above low risk or with its own approval): people decide`,
      };
    if (!ctx.health.covers(service)) return { cannotAct: `no health probe for ${service}: people decide` };
    return {};
  }
  const actions: readonly PlannedAction[] = plan.actions;
  const blocked = actions.filter((action) => manualBecause(ctx, action.target) !== undefined);
  if (!ctx.directory.real || blocked.length === 0) return {};
  const targets = [...new Set(blocked.map((action) => action.target))].join(', ');
  return { cannotAct: `no automatic executor with a health probe for ${targets}: people apply the plan` };
}
