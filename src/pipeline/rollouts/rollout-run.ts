import {
  phaseUnits,
  type Rollout,
  type RolloutUnit,
  rollbackUnits,
  unitName,
} from '../../domain/rollout/rollout.js';
import { type RunOutcome, runSteps } from '../../runner/index.js';
import type { PipelineContext } from '../context.js';
import { evaluateGates } from './rollout-gates.js';
import type { ChangePhaseInput } from './rollout-inputs.js';
import { advanceRollout, withLine } from './rollout-log.js';
import { rolloutRunbookOf, unitSteps } from './rollout-plan.js';
import { recordLiveRollout, recordRollback } from './rollout-record.js';

/** Step records of an instance's switch back are kept apart from its switch forward. */
const ROLLBACK_ROUND = 10_000;

const current = (rollout: Rollout | undefined, data: ChangePhaseInput): rollout is Rollout =>
  rollout !== undefined &&
  rollout.status === 'rolling-out' &&
  rollout.phase === data.phase &&
  rollout.pass === data.pass;

function phaseName(rollout: Rollout, phase: number): string {
  const total = rollout.plan?.phases.length ?? 0;
  const size = rollout.plan?.phases[phase]?.size ?? 0;
  if (rollout.plan?.unit === 'percent') return `phase ${phase + 1}/${total} (${size} %)`;
  if (rollout.plan?.unit === 'step')
    return `phase ${phase + 1}/${total} (step ${rollout.plan.steps[phase]?.id ?? '?'})`;
  return `phase ${phase + 1}/${total} (${size} of ${rollout.plan?.instances ?? 0} instance(s))`;
}

function failureText(outcome: Exclude<RunOutcome, { status: 'completed' | 'running-elsewhere' }>): string {
  if (outcome.status === 'needs-approval')
    return `step ${outcome.stepId} asks for its own approval, which a rollout cannot give`;
  return `step ${outcome.stepId}: ${outcome.reason}`;
}

/** Switches one unit (an instance, or a share) to `version` through the runbook's own steps, each at most once. */
async function switchUnit(
  ctx: PipelineContext,
  rollout: Rollout,
  unit: RolloutUnit,
  version: string,
  round: number,
): Promise<{ ok: true } | { ok: false; problem: string } | { elsewhere: true }> {
  const runbook = rolloutRunbookOf(ctx, rollout.service);
  if (runbook === undefined) return { ok: false, problem: 'its rollout runbook is no longer loaded' };
  const planned = unitSteps(ctx, runbook, rollout.service, unit, version);
  if (!planned.ok) return { ok: false, problem: planned.problem };
  const outcome = await runSteps(planned.steps, {
    incidentId: rollout.id,
    round,
    approvedBy: rollout.decidedBy ? [rollout.decidedBy] : [],
    executors: ctx.stepExecutors ?? { byName: () => undefined },
    records: ctx.rollouts.stepRecords,
    clock: { now: () => ctx.now().getTime() },
  });
  if (outcome.status === 'completed') return { ok: true };
  if (outcome.status === 'running-elsewhere') return { elsewhere: true };
  return { ok: false, problem: failureText(outcome) };
}

async function startRollback(ctx: PipelineContext, id: string, reason: string, line: string): Promise<void> {
  const now = ctx.now();
  const { wrote } = await advanceRollout(ctx, id, (rollout) =>
    rollout.status !== 'rolling-out'
      ? undefined
      : withLine({ ...rollout, status: 'rolling-back', reason: reason.slice(0, 2000) }, now, line),
  );
  if (wrote) await ctx.queues.add('change-rollback', { changeId: id });
}

/** The kill switch is on: the rollout stops where it is and says so; a person resumes or rolls back. */
async function halt(
  ctx: PipelineContext,
  rollout: Rollout,
  data: ChangePhaseInput,
  where: string,
): Promise<void> {
  const now = ctx.now();
  const reason = `the kill switch is on: halted ${where}; ${rollout.switched.length} ${rollout.plan?.unit === 'instance' ? 'instance(s)' : 'phase(s)'} on ${rollout.version}, the rest on ${rollout.previousVersion ?? 'the previous version'}`;
  await advanceRollout(ctx, rollout.id, (latest) =>
    !current(latest, data)
      ? undefined
      : withLine(
          { ...latest, status: 'halted', reason },
          now,
          `⏸️ Halted: ${reason}. \`/change resume ${latest.id}\` goes on, \`/change rollback ${latest.id}\` goes back.`,
        ),
  );
}

/**
 * One phase: each of its instances switched to the new version, one at a time; then the bake (a
 * delayed gate job). A failed switch rolls the change back at once.
 */
export async function handleRolloutPhase(ctx: PipelineContext, data: ChangePhaseInput): Promise<void> {
  const rollout = await ctx.rollouts.get(data.changeId);
  if (!current(rollout, data)) return;
  if (rollout.plan === undefined) return;
  // A phase queued just before the kill switch went on does not act either.
  if ((await ctx.killSwitch.state()).on)
    return halt(ctx, rollout, data, `before ${phaseName(rollout, data.phase)} switched anything more`);
  for (const { key, unit } of phaseUnits(rollout.plan, data.phase)) {
    if (rollout.switched.includes(key)) continue;
    const switched = await switchUnit(ctx, rollout, unit, rollout.version, key);
    if ('elsewhere' in switched) return;
    const now = ctx.now();
    // Even a failed switch may have changed part of it: the rollback takes it back too.
    const { rollout: after } = await advanceRollout(ctx, rollout.id, (latest) =>
      latest.switched.includes(key)
        ? undefined
        : withLine(
            {
              ...latest,
              switched: [...latest.switched, key],
              ...(switched.ok && latest.liveAt === undefined ? { liveAt: now.toISOString() } : {}),
            },
            now,
            switched.ok
              ? `🚀 ${phaseName(latest, data.phase)}: ${unitName(unit)} now runs ${latest.version}.`
              : `❌ ${phaseName(latest, data.phase)}: ${unitName(unit)} could not switch to ${latest.version}: ${switched.problem}`,
          ),
    );
    await recordLiveRollout(ctx, after);
    if (!switched.ok) {
      const reason = `${unitName(unit)} could not switch to ${rollout.version} (${switched.problem})`;
      return startRollback(ctx, rollout.id, reason, `↩️ Rolling back: ${reason}.`);
    }
  }
  const now = ctx.now();
  await advanceRollout(ctx, rollout.id, (latest) =>
    !current(latest, data)
      ? undefined
      : withLine(
          latest,
          now,
          `⏳ ${phaseName(latest, data.phase)} switched: baking ${latest.bakeSeconds} s before its gate.`,
        ),
  );
  await ctx.queues.add('change-gate', data, { delayMs: rollout.bakeSeconds * 1000 });
}

/**
 * After the bake: the kill switch halts the rollout here (the phase stays as it is); else every
 * gate is read on real telemetry. A pass goes on to the next phase or completes; a failure rolls
 * the change back automatically and says why, with the numbers.
 */
export async function handleRolloutGate(ctx: PipelineContext, data: ChangePhaseInput): Promise<void> {
  const rollout = await ctx.rollouts.get(data.changeId);
  if (!current(rollout, data)) return;
  // A worker that died between a switch and its record: recorded here (once) instead.
  await recordLiveRollout(ctx, rollout);
  const now = ctx.now();
  const where = phaseName(rollout, data.phase);
  if ((await ctx.killSwitch.state()).on) return halt(ctx, rollout, data, `at the gate of ${where}`);
  const verdict = await evaluateGates(ctx, rollout);
  if (!verdict.pass) {
    const reason = `gate after ${where} failed: ${verdict.reason}`;
    return startRollback(
      ctx,
      rollout.id,
      reason,
      `❌ Gate after ${where} failed: ${verdict.reason}. Rolling back automatically.`,
    );
  }
  const last = data.phase + 1 >= (rollout.plan?.phases.length ?? 0);
  const { wrote } = await advanceRollout(ctx, rollout.id, (latest) => {
    if (!current(latest, data)) return undefined;
    const passed = withLine(latest, now, `✅ Gate after ${where} passed: ${verdict.summary}.`);
    return last
      ? withLine(
          { ...passed, status: 'completed', finishedAt: now.toISOString() },
          now,
          `🎉 ${latest.service} runs ${latest.version} on every instance${latest.plan?.unit === 'percent' ? ' (100 %)' : ''}.`,
        )
      : { ...passed, phase: data.phase + 1 };
  });
  if (wrote && !last) await ctx.queues.add('change-phase', { ...data, phase: data.phase + 1 });
}

/** Everything switched so far goes back to the previous version (instances newest first), each at most once. */
export async function handleRolloutRollback(ctx: PipelineContext, changeId: string): Promise<void> {
  const rollout = await ctx.rollouts.get(changeId);
  if (rollout?.status !== 'rolling-back') return;
  const finish = async (status: 'rolled-back' | 'failed', line: string, reason?: string) => {
    const now = ctx.now();
    await advanceRollout(ctx, changeId, (latest) =>
      latest.status !== 'rolling-back'
        ? undefined
        : withLine(
            { ...latest, status, ...(reason ? { reason } : {}), finishedAt: now.toISOString() },
            now,
            line,
          ),
    );
  };
  const previous = rollout.previousVersion;
  if (previous === undefined)
    return finish(
      'failed',
      '❌ No previous version is known: switch the instances back by hand.',
      `${rollout.reason ?? ''}; no previous version to roll back to`,
    );
  for (const { key, unit } of rollbackUnits(rollout.plan, rollout.switched)) {
    const back = await switchUnit(ctx, rollout, unit, previous, ROLLBACK_ROUND + key);
    if ('elsewhere' in back) return;
    const whole = 'percent' in unit;
    const what = whole ? `${rollout.service} (100 %)` : unitName(unit);
    if (!back.ok)
      return finish(
        'failed',
        `❌ Rollback of ${what} to ${previous} failed: ${back.problem}. Switch it back by hand.`,
        `${rollout.reason ?? 'rollback'}; then the rollback of ${what} failed: ${back.problem}`.slice(
          0,
          2000,
        ),
      );
    const now = ctx.now();
    await advanceRollout(ctx, changeId, (latest) =>
      (whole ? latest.switched.length === 0 : !latest.switched.includes(key))
        ? undefined
        : withLine(
            { ...latest, switched: whole ? [] : latest.switched.filter((one) => one !== key) },
            now,
            `↩️ ${what.charAt(0).toUpperCase()}${what.slice(1)} is back on ${previous}.`,
          ),
    );
  }
  // Recorded before the status moves: a redelivery after that returns early and would never record it.
  await recordRollback(ctx, rollout, previous);
  await finish('rolled-back', `↩️ Rolled back: every instance of ${rollout.service} runs ${previous} again.`);
}
