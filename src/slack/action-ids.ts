/**
 * Ids shared by the Block Kit builders and the interaction handlers: a handler matches exactly the
 * string a builder put in the message, so both import it from here.
 */
import { z } from 'zod';
import { CauseVerdict } from '../domain/cause-feedback.js';
import { IncidentId } from '../domain/incident-id.js';
import { ChangeId } from '../domain/rollout/rollout.js';

/** Buttons (`action_id`). */
export const APPROVE = 'incident_approve';
export const REJECT = 'incident_reject';
export const OVERRIDE = 'incident_override';
export const REQUEST_CHANGES = 'incident_request_changes';
export const REOPEN = 'incident_reopen';
export const KILL_SWITCH_TOGGLE = 'kill_switch_toggle';
export const MANUAL_STEP_DONE = 'manual_step_done';

/** Every button's action id (a checklist's Done carries `:<step>` after its id). */
export const ACTION_IDS = [
  APPROVE,
  REJECT,
  OVERRIDE,
  REQUEST_CHANGES,
  REOPEN,
  KILL_SWITCH_TOGGLE,
  MANUAL_STEP_DONE,
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/**
 * The one way a handler matches a button: its id alone, or followed by `:<suffix>`, which a builder
 * adds where one view shows the same button several times (App Home's `incident_approve:INC-0007`,
 * a checklist's `manual_step_done:h1`).
 */
export function actionMatcher(
  base: ActionId | StepActionId | SelectActionId | TaskActionId | ChangeActionId | FeedbackActionId,
): RegExp {
  return new RegExp(`^${base}(?::[^\\s:]+)?$`);
}

/** The id of one of several copies of a button in one view; `actionMatcher(base)` matches it. */
export function suffixedActionId(base: ActionId, suffix: string): string {
  return `${base}:${suffix}`;
}

/** The four HITL decision buttons, in the order the approval message shows them. */
export const DECISION_ACTION_IDS = [APPROVE, REJECT, OVERRIDE, REQUEST_CHANGES] as const;

/** Modals (`callback_id`). */
export const REJECT_MODAL = 'incident_reject_modal';
export const OVERRIDE_MODAL = 'incident_override_modal';
export const REQUEST_CHANGES_MODAL = 'incident_request_changes_modal';
export const MODAL_CALLBACK_IDS = [REJECT_MODAL, OVERRIDE_MODAL, REQUEST_CHANGES_MODAL] as const;
export type ModalCallbackId = (typeof MODAL_CALLBACK_IDS)[number];

/** Inputs inside those modals: `view.state.values[block_id][action_id].value`. */
export const REJECT_REASON_BLOCK = 'reject_reason';
export const REJECT_REASON_INPUT = 'reject_reason_input';
export const OVERRIDE_STEPS_BLOCK = 'override_steps';
export const OVERRIDE_STEPS_INPUT = 'override_steps_input';
export const CHANGES_FEEDBACK_BLOCK = 'changes_feedback';
export const CHANGES_FEEDBACK_INPUT = 'changes_feedback_input';
/** Request changes: the runbook chooser (a select that dispatches, so the modal can show its params). */
export const CHANGES_RUNBOOK_BLOCK = 'changes_runbook';
export const CHANGES_RUNBOOK_SELECT = 'changes_runbook_select';
/** The chooser's option that keeps the plan's runbook (runbook ids never hold an underscore). */
export const KEEP_PLAN_RUNBOOK = 'keep_plan_runbook';

/** Selects that dispatch `block_actions` inside a modal, each with its own handler. */
export const SELECT_ACTION_IDS = [CHANGES_RUNBOOK_SELECT] as const;
export type SelectActionId = (typeof SELECT_ACTION_IDS)[number];

/** One param's input in the Request changes modal: a block per runbook and param, so a switch starts fresh. */
export function changesParamBlock(runbookId: string, param: string): string {
  return `changes_param:${runbookId}:${param}`;
}
export function changesParamInput(param: string): string {
  return `changes_param_input:${param}`;
}

/** Which approval message a button or modal belongs to: the incident and the plan's round. */
export const ApprovalRef = z.object({
  /** An incident's plan, or a change's (`CHG-0003`), which goes through the same approval message. */
  id: z.union([IncidentId, ChangeId]),
  round: z.number().int().nonnegative(),
});
export type ApprovalRef = z.infer<typeof ApprovalRef>;

/** A `per-step` runbook step's own approval: value `INC-0007:1:restart` (incident, round, step). */
export const STEP_APPROVE = 'runbook_step_approve';
export const STEP_REJECT = 'runbook_step_reject';
/** A runbook step approval's buttons: beside ACTION_IDS, proven end to end by the runbook e2e test. */
export const STEP_ACTION_IDS = [STEP_APPROVE, STEP_REJECT] as const;
export type StepActionId = (typeof STEP_ACTION_IDS)[number];

export const StepActionValue = z
  .string()
  .regex(/^[^:]+:\d{1,9}:[a-z0-9-]{1,80}$/)
  .transform((value) => {
    const [id, round, stepId] = value.split(':');
    return { id, round: Number(round), stepId };
  })
  .pipe(ApprovalRef.extend({ stepId: z.string() }));

export function encodeStepActionValue(id: string, round: number, stepId: string): string {
  return `${id}:${round}:${stepId}`;
}

/** The incident, round and step a step-approval button carries; undefined for anything else. */
export function parseStepActionValue(value: unknown) {
  const parsed = StepActionValue.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A routine task run's approval: value `2026-12-06/nightly-backup/s1765000000000` (see domain/task-run.ts). */
export const TASK_APPROVE = 'task_run_approve';
export const TASK_REJECT = 'task_run_reject';
export const TASK_ACTION_IDS = [TASK_APPROVE, TASK_REJECT] as const;
export type TaskActionId = (typeof TASK_ACTION_IDS)[number];

/** A halted rollout's card: Resume or Roll back; value: the change id (`CHG-0003`). */
export const CHANGE_RESUME = 'change_resume';
export const CHANGE_ROLLBACK = 'change_rollback';
export const CHANGE_ACTION_IDS = [CHANGE_RESUME, CHANGE_ROLLBACK] as const;
export type ChangeActionId = (typeof CHANGE_ACTION_IDS)[number];

/** Button `value`: `INC-0007:1`. */
export function encodeActionValue(id: string, round: number): string {
  const ref = ApprovalRef.parse({ id, round });
  return `${ref.id}:${ref.round}`;
}

export const ActionValue = z
  .string()
  .regex(/^[^:]+:\d{1,9}$/)
  .transform((value) => {
    const [id, round] = value.split(':');
    return { id, round: Number(round) };
  })
  .pipe(ApprovalRef);

/** The incident and round a button carries; undefined for anything else. */
export function parseActionValue(value: unknown): ApprovalRef | undefined {
  const parsed = ActionValue.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Modal `private_metadata`: `{"id":"INC-0007","round":1}`. */
export function encodeModalMetadata(ref: ApprovalRef): string {
  const { id, round } = ApprovalRef.parse(ref);
  return JSON.stringify({ id, round });
}

export const ModalMetadata = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'private_metadata is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(ApprovalRef);

export function parseModalMetadata(metadata: unknown): ApprovalRef | undefined {
  const parsed = ModalMetadata.safeParse(metadata);
  return parsed.success ? parsed.data : undefined;
}

/** Blocks (`block_id`) that hold buttons. */
export const APPROVAL_ACTIONS_BLOCK = 'approval_actions';

/**
 * The RCA message's feedback buttons (a `feedback_buttons` element in a `context_actions` block):
 * one action id for both, the value says which (`INC-0007:right`, `INC-0007:wrong`).
 */
export const RCA_FEEDBACK = 'rca_feedback';
export const RCA_FEEDBACK_BLOCK = 'rca_feedback_buttons';
export const FEEDBACK_ACTION_IDS = [RCA_FEEDBACK] as const;
export type FeedbackActionId = (typeof FEEDBACK_ACTION_IDS)[number];

export const FeedbackValue = z
  .string()
  .regex(/^[^:]+:[a-z]+$/)
  .transform((value) => {
    const [id, verdict] = value.split(':');
    return { id, verdict };
  })
  .pipe(z.object({ id: IncidentId, verdict: CauseVerdict }));

export function encodeFeedbackValue(id: string, verdict: CauseVerdict): string {
  return `${IncidentId.parse(id)}:${verdict}`;
}

/** The incident and verdict a feedback button carries; undefined for anything else. */
export function parseFeedbackValue(value: unknown) {
  const parsed = FeedbackValue.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
