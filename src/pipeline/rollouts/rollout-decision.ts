import { phaseUnits, type Rollout } from '../../domain/rollout/rollout.js';
import type { PipelineContext } from '../context.js';
import { taskApproverRefusal } from '../tasks/task-decision.js';
import { advanceRollout, withLine } from './rollout-log.js';

/** Undefined when `userId` may act on changes to the service (its approvers, as for an incident's plan on it). */
export function changeApproverRefusal(ctx: PipelineContext, rollout: Rollout, userId: string, what: string) {
  return taskApproverRefusal(ctx, rollout.service, userId, `${what} ${rollout.id} on ${rollout.service}`);
}

const KILL_SWITCH_REFUSAL = 'The kill switch is on: no rollout moves until it is off. Nothing was changed.';

/**
 * Approve or Reject on a change's approval message. Checked before anything changes; the first
 * decision wins (the incident approvals' own atomic round). Answers what to tell the person
 * privately, or undefined. Approve starts the first phase (which records the change as it acts).
 */
export async function decideRollout(
  ctx: PipelineContext,
  changeId: string,
  userId: string,
  kind: 'approved' | 'rejected',
): Promise<string | undefined> {
  const rollout = await ctx.rollouts.get(changeId);
  if (rollout === undefined) return `No change ${changeId}. Nothing was changed.`;
  const refusal = await changeApproverRefusal(ctx, rollout, userId, 'decide on');
  if (refusal !== undefined) return refusal;
  if (rollout.status !== 'awaiting-approval')
    return `${rollout.id} is ${rollout.status}: there is nothing to decide. Nothing was changed.`;
  if (kind === 'approved' && (await ctx.killSwitch.state()).on) return KILL_SWITCH_REFUSAL;
  const now = ctx.now();
  const outcome = await ctx.approvals.decide(changeId, 1, { kind, by: userId, at: now.toISOString() });
  if (outcome.kind !== 'won') {
    const by = outcome.kind === 'unknown_round' ? undefined : outcome.round.decision?.by;
    return `${rollout.id} was already decided${by ? ` by <@${by}>` : ''}. Nothing was changed.`;
  }
  if (kind === 'rejected') {
    await advanceRollout(ctx, changeId, (current) =>
      current.status !== 'awaiting-approval'
        ? undefined
        : withLine(
            {
              ...current,
              status: 'rejected',
              decidedBy: userId,
              reason: `rejected by <@${userId}>`,
              finishedAt: now.toISOString(),
            },
            now,
            `⛔ Rejected by <@${userId}>: nothing was rolled out.`,
          ),
    );
    return undefined;
  }
  await startRollout(ctx, rollout, userId);
  return undefined;
}

async function startRollout(ctx: PipelineContext, rollout: Rollout, by: string): Promise<void> {
  const now = ctx.now();
  const { wrote } = await advanceRollout(ctx, rollout.id, (current) =>
    current.status !== 'awaiting-approval'
      ? undefined
      : withLine(
          { ...current, status: 'rolling-out', decidedBy: by, phase: 0, startedAt: now.toISOString() },
          now,
          `✅ Approved by <@${by}>: rolling out ${current.version} phase by phase.`,
        ),
  );
  if (!wrote) return;
  await ctx.queues.add('change-phase', { changeId: rollout.id, phase: 0, pass: 0 });
}

/** Nobody decided in time: the change ends, nothing rolled out (unless a decision came first). */
export async function handleRolloutExpire(ctx: PipelineContext, changeId: string): Promise<void> {
  const rollout = await ctx.rollouts.get(changeId);
  if (rollout?.status !== 'awaiting-approval') return;
  const now = ctx.now();
  const outcome = await ctx.approvals.decide(changeId, 1, { kind: 'timed_out', at: now.toISOString() });
  const standing =
    outcome.kind === 'won' ||
    (outcome.kind === 'already_decided' && outcome.round.decision?.kind === 'timed_out');
  if (!standing) return;
  const reason = `nobody decided within ${ctx.settings.hitlTimeoutSeconds} s`;
  await advanceRollout(ctx, changeId, (current) =>
    current.status !== 'awaiting-approval'
      ? undefined
      : withLine(
          { ...current, status: 'rejected', reason, finishedAt: now.toISOString() },
          now,
          `⌛ Expired: ${reason}. Nothing was rolled out.`,
        ),
  );
}

/** `/change resume` or its button: a halted rollout re-checks its gate now, then goes on. */
export async function resumeRollout(ctx: PipelineContext, changeId: string, userId: string): Promise<string> {
  const rollout = await ctx.rollouts.get(changeId);
  if (rollout === undefined) return `No change ${changeId}. Try \`/change list\`.`;
  const refusal = await changeApproverRefusal(ctx, rollout, userId, 'resume');
  if (refusal !== undefined) return refusal;
  if (rollout.status !== 'halted')
    return `${rollout.id} is ${rollout.status}, not halted: there is nothing to resume. Nothing was changed.`;
  if ((await ctx.killSwitch.state()).on) return KILL_SWITCH_REFUSAL;
  const now = ctx.now();
  const { rollout: resumed, wrote } = await advanceRollout(ctx, changeId, (current) =>
    current.status !== 'halted'
      ? undefined
      : withLine(
          { ...current, status: 'rolling-out', pass: current.pass + 1, reason: undefined },
          now,
          `▶️ Resumed by <@${userId}>: phase ${current.phase + 1} goes on from where it stopped (its gate read again), then the rest.`,
        ),
  );
  if (!wrote || resumed === undefined) return `${rollout.id} changed meanwhile. Nothing was changed.`;
  // Halted before its phase switched everything: the phase goes on first, then its gate.
  const phaseDone =
    resumed.plan !== undefined &&
    phaseUnits(resumed.plan, resumed.phase).every(({ key }) => resumed.switched.includes(key));
  const data = { changeId, phase: resumed.phase, pass: resumed.pass };
  await ctx.queues.add(phaseDone ? 'change-gate' : 'change-phase', data);
  return `${rollout.id} resumed: ${phaseDone ? 'its gate is checked again now' : 'its phase goes on now'}.`;
}

/** `/change rollback` or its button: a halted (or finished) rollout goes back to the previous version. */
export async function rollBackRollout(
  ctx: PipelineContext,
  changeId: string,
  userId: string,
): Promise<string> {
  const rollout = await ctx.rollouts.get(changeId);
  if (rollout === undefined) return `No change ${changeId}. Try \`/change list\`.`;
  const refusal = await changeApproverRefusal(ctx, rollout, userId, 'roll back');
  if (refusal !== undefined) return refusal;
  if (rollout.status !== 'halted' && rollout.status !== 'completed')
    return `${rollout.id} is ${rollout.status}: only a halted or completed rollout can be rolled back by hand. Nothing was changed.`;
  const now = ctx.now();
  const { wrote } = await advanceRollout(ctx, changeId, (current) =>
    current.status !== 'halted' && current.status !== 'completed'
      ? undefined
      : withLine(
          {
            ...current,
            status: 'rolling-back',
            reason: `rolled back by <@${userId}>`,
            finishedAt: undefined,
          },
          now,
          `↩️ Rollback asked by <@${userId}>.`,
        ),
  );
  if (!wrote) return `${rollout.id} changed meanwhile. Nothing was changed.`;
  await ctx.queues.add('change-rollback', { changeId });
  return `${rollout.id} is rolling back to ${rollout.previousVersion ?? 'the previous version'}.`;
}
