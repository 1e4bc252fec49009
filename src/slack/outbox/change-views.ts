import type { ApprovalBook } from '../../domain/approval.js';
import { defaultSeverityForTier } from '../../domain/catalog/index.js';
import type { GateSpec, Rollout } from '../../domain/rollout/rollout.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { taskApprovers } from '../../pipeline/tasks/task-decision.js';
import type { ApprovalView } from '../blocks/approval.js';
import type { ChangeView } from '../blocks/change.js';
import { approvalState } from './hitl-messages.js';

export function changeView(rollout: Rollout): ChangeView {
  return {
    id: rollout.id,
    status: rollout.status,
    service: rollout.service,
    version: rollout.version,
    ...(rollout.previousVersion ? { previousVersion: rollout.previousVersion } : {}),
    requestedBy: rollout.requestedBy,
    bakeSeconds: rollout.bakeSeconds,
    phaseSizes: rollout.plan?.phases.map((phase) => phase.size) ?? [],
    ...(rollout.plan ? { unit: rollout.plan.unit } : {}),
    ...(rollout.plan ? { instances: rollout.plan.instances } : {}),
    switched: rollout.switched.length,
    ...(rollout.reason ? { reason: rollout.reason } : {}),
    log: rollout.log,
  };
}

function gateLine(gate: GateSpec, bakeSeconds: number): string {
  const check =
    gate.kind === 'health'
      ? 'health probe: the service health rules on real telemetry (5xx, up…), no data fails'
      : `PromQL \`${gate.query}\` ≤ ${gate.max}${gate.unit ? ` ${gate.unit}` : ''} (${gate.name}), no data fails`;
  return `🩺 Gate after each phase, after a ${bakeSeconds} s bake: ${check}`;
}

/**
 * A change's plan as the incident approval message shows a plan: the same message, guard, dry run,
 * approvers and kill-switch notice; its phases and gates are its steps. Approve or Reject only.
 */
export function changeApprovalView(
  ctx: PipelineContext,
  rollout: Rollout,
  book: ApprovalBook,
  killSwitch: boolean,
): ApprovalView | undefined {
  const plan = rollout.plan;
  const round = book.rounds.find((entry) => entry.round === 1);
  if (plan === undefined || round === undefined) return undefined;
  const tier = ctx.catalog?.find(rollout.service)?.tier ?? 3;
  const back = rollout.previousVersion ?? 'the previous version';
  const phases = plan.phases.map((phase, index) =>
    plan.unit === 'step'
      ? `*${index + 1}.* ${phase.percent} %: step \`${plan.steps[index]?.id ?? '?'}\` with \`${rollout.version}\``
      : plan.unit === 'percent'
        ? `*${index + 1}.* ${phase.percent} % of ${rollout.service} moved to \`${rollout.version}\` in one call`
        : `*${index + 1}.* ${phase.percent} %: instance(s) ${phase.instances.join(', ')} switched to \`${rollout.version}\` one at a time (${phase.size} of ${plan.instances} then)`,
  );
  const steps = plan.steps.map(
    (step) =>
      `🔧 ${plan.unit === 'step' ? 'Phase step' : plan.unit === 'percent' ? 'Each phase' : 'Each instance'}: \`${step.id}\` ${step.title} · via \`${step.executor}\` · ${step.risk} risk: \`${step.action}\``,
  );
  return {
    id: rollout.id,
    round: 1,
    sev: defaultSeverityForTier(tier),
    rootCause: `Roll out ${rollout.service} ${rollout.previousVersion ? `${rollout.previousVersion} → ` : ''}${rollout.version}`,
    subjectLabel: 'Change',
    planSummary: `runbook ${plan.runbookId}, ${plan.phases.length} phase(s); a failed gate rolls every switched instance back to ${back} automatically`,
    actions: [],
    planLines: [
      ...phases,
      ...steps,
      ...plan.gates.map((gate) => gateLine(gate, rollout.bakeSeconds)),
      plan.unit === 'step'
        ? `↩️ Rollback: the steps done, again with \`${back}\`, newest first`
        : plan.unit === 'percent'
          ? `↩️ Rollback: the same steps with \`${back}\` at 100 %`
          : `↩️ Rollback: the same steps with \`${back}\`, newest instance first`,
    ],
    guard: { verdict: 'allow', findings: [] },
    ...(rollout.dryRun
      ? {
          dryRun: {
            helps: rollout.dryRun.helps,
            predicted: [],
            summary: rollout.dryRun.summary,
            steps: rollout.dryRun.steps,
          },
        }
      : {}),
    state: approvalState(round, book),
    killSwitch,
    approversMention: taskApprovers(ctx, rollout.service),
    approveOrRejectOnly: true,
  };
}
