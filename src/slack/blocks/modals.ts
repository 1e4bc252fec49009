import {
  type ApprovalRef,
  CHANGES_FEEDBACK_BLOCK,
  CHANGES_FEEDBACK_INPUT,
  encodeModalMetadata,
  OVERRIDE_MODAL,
  OVERRIDE_STEPS_BLOCK,
  OVERRIDE_STEPS_INPUT,
  REJECT_MODAL,
  REJECT_REASON_BLOCK,
  REJECT_REASON_INPUT,
  REQUEST_CHANGES_MODAL,
} from '../action-ids.js';
import { plain, section } from './kit.js';
import { LIMITS } from './limits.js';
import { type RunbookChooserModel, runbookChooserBlocks } from './runbook-fields.js';
import type { InputBlock, ModalView } from './slack-types.js';
import { escapeAndTruncate, truncate } from './text.js';

/** Longest text a modal input accepts (Slack's own ceiling for plain_text_input). */
const INPUT_MAX = LIMITS.inputValue;

interface ModalSpec {
  ref: ApprovalRef;
  callbackId: string;
  title: string;
  submit: string;
  intro: string;
  input: {
    blockId: string;
    actionId: string;
    label: string;
    placeholder: string;
    hint?: string;
    initial?: string;
    optional?: boolean;
  };
}

function textInput(spec: ModalSpec['input']): InputBlock {
  const block: InputBlock = {
    type: 'input',
    block_id: spec.blockId,
    label: plain(spec.label, LIMITS.inputLabel),
    element: {
      type: 'plain_text_input',
      action_id: spec.actionId,
      multiline: true,
      max_length: INPUT_MAX,
      placeholder: plain(spec.placeholder, LIMITS.placeholder),
      ...(spec.initial && { initial_value: truncate(spec.initial, INPUT_MAX) }),
    },
  };
  if (spec.hint) block.hint = plain(spec.hint, LIMITS.inputLabel);
  if (spec.optional) block.optional = true;
  return block;
}

function modal(spec: ModalSpec): ModalView {
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    private_metadata: encodeModalMetadata(spec.ref),
    title: plain(spec.title, LIMITS.viewTitle),
    submit: plain(spec.submit, LIMITS.viewTitle),
    close: plain('Cancel', LIMITS.viewTitle),
    blocks: [section(spec.intro), textInput(spec.input)],
  };
}

export function rejectModal(ref: ApprovalRef): ModalView {
  return modal({
    ref,
    callbackId: REJECT_MODAL,
    title: `Reject ${ref.id}`,
    submit: 'Reject',
    intro: `Reject the round ${ref.round} plan for *${escapeAndTruncate(ref.id, 40)}*. Nothing will run; the incident stays open for a human.`,
    input: {
      blockId: REJECT_REASON_BLOCK,
      actionId: REJECT_REASON_INPUT,
      label: 'Why reject this plan?',
      placeholder: 'e.g. the restart would drop in-flight payments',
      hint: 'The crew learns from the reason.',
    },
  });
}

export interface OverrideModalInput extends ApprovalRef {
  /** Steps to start from, one a line (usually the proposed plan). */
  prefill?: readonly string[];
}

export function overrideModal(input: OverrideModalInput): ModalView {
  const { prefill, ...ref } = input;
  const initial = prefill
    ?.map((step) => step.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
  return modal({
    ref,
    callbackId: OVERRIDE_MODAL,
    title: `Override ${ref.id}`,
    submit: 'Run my steps',
    intro: `Replace the round ${ref.round} plan for *${escapeAndTruncate(ref.id, 40)}* with your own steps.`,
    input: {
      blockId: OVERRIDE_STEPS_BLOCK,
      actionId: OVERRIDE_STEPS_INPUT,
      label: 'Steps, one a line',
      placeholder: 'restart api\nscale_up api',
      hint: 'Each line is one step, run in order.',
      ...(initial && { initial }),
    },
  });
}

export interface RequestChangesModalInput extends ApprovalRef, Partial<RunbookChooserModel> {}

/**
 * Feedback for the next plan, and (when runbooks fit the incident) a chooser of another runbook
 * whose params show as typed inputs once one is chosen; the same builder renders every update.
 */
export function requestChangesModal(input: RequestChangesModalInput): ModalView {
  const { runbooks = [], planRunbook, selected, ...ref } = input;
  const chooser = runbookChooserBlocks({
    runbooks,
    ...(planRunbook ? { planRunbook } : {}),
    ...(selected ? { selected } : {}),
  });
  const hint =
    chooser.length > 0
      ? ' Or choose another runbook below and set its params: its checks run when you send.'
      : '';
  const view = modal({
    ref,
    callbackId: REQUEST_CHANGES_MODAL,
    title: 'Request changes',
    submit: 'Send',
    intro: `Tell the crew what to change in the round ${ref.round} plan for *${escapeAndTruncate(ref.id, 40)}*; it plans again.${hint}`,
    input: {
      blockId: CHANGES_FEEDBACK_BLOCK,
      actionId: CHANGES_FEEDBACK_INPUT,
      label: 'What should change?',
      placeholder: 'e.g. roll back the config instead of restarting',
      // With a runbook chosen, the choice says what changes; the text is then optional.
      ...(chooser.length > 0 ? { optional: true } : {}),
    },
  });
  return { ...view, blocks: [...view.blocks, ...chooser] };
}

/** The override modal's text back into steps: one a line, blanks dropped. */
export function parseOverrideSteps(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export interface ModalErrors {
  response_action: 'errors';
  errors: Record<string, string>;
}

/** A `view_submission` ack that shows `message` under each input block. */
export function modalErrors(errors: Readonly<Record<string, string>>): ModalErrors {
  return { response_action: 'errors', errors: { ...errors } };
}
