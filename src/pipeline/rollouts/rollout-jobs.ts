import { defineJob } from '../job-definition.js';
import { handleRolloutExpire } from './rollout-decision.js';
import { CHANGE_JOB_OPTIONS, ChangeInput, ChangePhaseInput } from './rollout-inputs.js';
import { handleRolloutPreflight } from './rollout-preflight.js';
import { handleRolloutGate, handleRolloutPhase, handleRolloutRollback } from './rollout-run.js';

/** A new change's pre-flight: blocked with the reason, or its plan put to the approval message. */
export const changePreflightJob = defineJob({
  name: 'change-preflight',
  input: ChangeInput,
  options: CHANGE_JOB_OPTIONS,
  run: (ctx, { changeId }) => handleRolloutPreflight(ctx, changeId),
});

/** One phase of an approved rollout: its instances switched, one at a time; then the bake. */
export const changePhaseJob = defineJob({
  name: 'change-phase',
  input: ChangePhaseInput,
  options: CHANGE_JOB_OPTIONS,
  run: (ctx, data) => handleRolloutPhase(ctx, data),
});

/** After a phase's bake (a delayed job): the kill switch halts here, else the gates decide. */
export const changeGateJob = defineJob({
  name: 'change-gate',
  input: ChangePhaseInput,
  options: CHANGE_JOB_OPTIONS,
  run: (ctx, data) => handleRolloutGate(ctx, data),
});

/** A failed gate or a person's rollback: every switched instance back to the previous version. */
export const changeRollbackJob = defineJob({
  name: 'change-rollback',
  input: ChangeInput,
  options: CHANGE_JOB_OPTIONS,
  run: (ctx, { changeId }) => handleRolloutRollback(ctx, changeId),
});

/** A change's approval nobody answered within HITL_TIMEOUT_SECONDS: nothing rolled out. */
export const changeExpireJob = defineJob({
  name: 'change-expire',
  input: ChangeInput,
  options: CHANGE_JOB_OPTIONS,
  run: (ctx, { changeId }) => handleRolloutExpire(ctx, changeId),
});
