/**
 * Every interaction Warroom answers, in one table: each button's action id, each modal's callback
 * id and each slash command maps to its handler. The tables `satisfies` a record over the ids, so
 * a builder's new button without a handler is a compile error; `test/unit/slack/interactions.test.ts`
 * renders every builder and checks each emitted `action_id` reaches an entry here.
 */
import type {
  App,
  BlockAction,
  ButtonAction,
  FeedbackButtonsAction,
  StaticSelectAction,
  ViewSubmitAction,
} from '@slack/bolt';
import {
  ACTION_IDS,
  type ActionId,
  APPROVE,
  actionMatcher,
  CHANGE_ACTION_IDS,
  CHANGE_RESUME,
  CHANGE_ROLLBACK,
  CHANGES_RUNBOOK_SELECT,
  type ChangeActionId,
  FEEDBACK_ACTION_IDS,
  type FeedbackActionId,
  KILL_SWITCH_TOGGLE,
  MANUAL_STEP_DONE,
  MODAL_CALLBACK_IDS,
  type ModalCallbackId,
  OVERRIDE,
  OVERRIDE_MODAL,
  RCA_FEEDBACK,
  REJECT,
  REJECT_MODAL,
  REOPEN,
  REQUEST_CHANGES,
  REQUEST_CHANGES_MODAL,
  SELECT_ACTION_IDS,
  type SelectActionId,
  STEP_ACTION_IDS,
  STEP_APPROVE,
  STEP_REJECT,
  type StepActionId,
  TASK_ACTION_IDS,
  TASK_APPROVE,
  TASK_REJECT,
  type TaskActionId,
} from './action-ids.js';
import { killSwitchToggle, manualStepDone, reopen } from './listeners/approver-actions.js';
import { changeResumeButton, changeRollbackButton } from './listeners/change-buttons.js';
import { changeCommand } from './listeners/change-listener.js';
import { changesRunbookSelect } from './listeners/changes-runbook.js';
import {
  approveButton,
  overrideButton,
  rejectButton,
  requestChangesButton,
} from './listeners/decision-buttons.js';
import {
  overrideSubmission,
  rejectSubmission,
  requestChangesSubmission,
} from './listeners/decision-modals.js';
import { rcaFeedbackButtons } from './listeners/feedback-buttons.js';
import type {
  ButtonArgs,
  CommandArgs,
  FeedbackArgs,
  Handler,
  ListenerDeps,
  SelectArgs,
  ViewArgs,
} from './listeners/handler-types.js';
import { incidentCommand } from './listeners/incident-listener.js';
import { injectCommand } from './listeners/inject-listener.js';
import { runbookCommand } from './listeners/runbook-listener.js';
import { stepApproveButton, stepRejectButton } from './listeners/step-approval-listeners.js';
import { taskApproveButton, taskRejectButton } from './listeners/task-buttons.js';
import { taskCommand } from './listeners/task-listener.js';

/** The slash commands the manifest declares. */
export const SLASH_COMMANDS = ['/inject', '/incident', '/runbook', '/task', '/change'] as const;
export type SlashCommand = (typeof SLASH_COMMANDS)[number];

export const BUTTONS = {
  [APPROVE]: approveButton,
  [REJECT]: rejectButton,
  [OVERRIDE]: overrideButton,
  [REQUEST_CHANGES]: requestChangesButton,
  [REOPEN]: reopen,
  [KILL_SWITCH_TOGGLE]: killSwitchToggle,
  [MANUAL_STEP_DONE]: manualStepDone,
} as const satisfies Record<ActionId, Handler<ButtonArgs>>;

/** A `per-step` runbook step's own approval. */
export const STEP_BUTTONS = {
  [STEP_APPROVE]: stepApproveButton,
  [STEP_REJECT]: stepRejectButton,
} as const satisfies Record<StepActionId, Handler<ButtonArgs>>;

/** A routine task run's approval. */
export const TASK_BUTTONS = {
  [TASK_APPROVE]: taskApproveButton,
  [TASK_REJECT]: taskRejectButton,
} as const satisfies Record<TaskActionId, Handler<ButtonArgs>>;

/** A halted rollout's card: Resume or Roll back. */
export const CHANGE_BUTTONS = {
  [CHANGE_RESUME]: changeResumeButton,
  [CHANGE_ROLLBACK]: changeRollbackButton,
} as const satisfies Record<ChangeActionId, Handler<ButtonArgs>>;

/** Slack's feedback buttons: the RCA message's "Right cause" / "Wrong cause". */
export const FEEDBACK_BUTTONS = {
  [RCA_FEEDBACK]: rcaFeedbackButtons,
} as const satisfies Record<FeedbackActionId, Handler<FeedbackArgs>>;

/** Selects inside a modal that dispatch their choice: the Request changes runbook chooser. */
export const SELECTS = {
  [CHANGES_RUNBOOK_SELECT]: changesRunbookSelect,
} as const satisfies Record<SelectActionId, Handler<SelectArgs>>;

export const MODALS = {
  [REJECT_MODAL]: rejectSubmission,
  [OVERRIDE_MODAL]: overrideSubmission,
  [REQUEST_CHANGES_MODAL]: requestChangesSubmission,
} as const satisfies Record<ModalCallbackId, Handler<ViewArgs>>;

export const COMMANDS = {
  '/inject': injectCommand,
  '/incident': incidentCommand,
  '/runbook': runbookCommand,
  '/task': taskCommand,
  '/change': changeCommand,
} as const satisfies Record<SlashCommand, Handler<CommandArgs>>;

/** The entry (button, feedback buttons or select) a rendered `action_id` reaches, matched the way Bolt will match it; undefined: none. */
export function buttonFor(
  actionId: string,
): ActionId | StepActionId | SelectActionId | TaskActionId | ChangeActionId | FeedbackActionId | undefined {
  return [
    ...ACTION_IDS,
    ...STEP_ACTION_IDS,
    ...SELECT_ACTION_IDS,
    ...TASK_ACTION_IDS,
    ...CHANGE_ACTION_IDS,
    ...FEEDBACK_ACTION_IDS,
  ].find((id) => actionMatcher(id).test(actionId));
}

export function registerInteractions(app: App, deps: ListenerDeps): void {
  for (const id of ACTION_IDS) app.action<BlockAction<ButtonAction>>(actionMatcher(id), BUTTONS[id](deps));
  for (const id of STEP_ACTION_IDS)
    app.action<BlockAction<ButtonAction>>(actionMatcher(id), STEP_BUTTONS[id](deps));
  for (const id of TASK_ACTION_IDS)
    app.action<BlockAction<ButtonAction>>(actionMatcher(id), TASK_BUTTONS[id](deps));
  for (const id of CHANGE_ACTION_IDS)
    app.action<BlockAction<ButtonAction>>(actionMatcher(id), CHANGE_BUTTONS[id](deps));
  for (const id of FEEDBACK_ACTION_IDS)
    app.action<BlockAction<FeedbackButtonsAction>>(actionMatcher(id), FEEDBACK_BUTTONS[id](deps));
  for (const id of SELECT_ACTION_IDS)
    app.action<BlockAction<StaticSelectAction>>(actionMatcher(id), SELECTS[id](deps));
  for (const id of MODAL_CALLBACK_IDS) app.view<ViewSubmitAction>(id, MODALS[id](deps));
  for (const name of SLASH_COMMANDS) app.command(name, COMMANDS[name](deps));
}
