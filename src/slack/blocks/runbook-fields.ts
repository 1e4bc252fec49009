/**
 * The Request changes modal's runbook part: a select of the runbooks that fit the incident (it
 * dispatches, so choosing one updates the modal) and one typed input per param of the chosen one.
 * Pure: a view model in, blocks out, within Slack's limits whatever the runbooks hold.
 */
import {
  CHANGES_RUNBOOK_BLOCK,
  CHANGES_RUNBOOK_SELECT,
  changesParamBlock,
  changesParamInput,
  KEEP_PLAN_RUNBOOK,
} from '../action-ids.js';
import { context, plain } from './kit.js';
import { LIMITS } from './limits.js';
import type { InputBlock, KnownBlock, PlainTextElement } from './slack-types.js';
import { escapeAndTruncate, truncate } from './text.js';

/** Slack's ceilings for a select: 100 options, 75 characters an option's text, 150 its value. */
export const SELECT_LIMITS = { options: 100, optionText: 75, optionValue: 150 } as const;

/** One param of a runbook as the modal shows it. */
export interface ParamFieldModel {
  name: string;
  description?: string;
  /** Its allowed values: a select. Absent: a text input. */
  choices?: readonly string[];
  initial?: string;
  /** What the value must look like (a pattern, a range, a type), shown as the hint. */
  rule?: string;
  /** Set from the incident (service, instance, fault): shown, not editable. */
  fixed?: string;
}

export interface RunbookOptionModel {
  id: string;
  title: string;
  params: readonly ParamFieldModel[];
}

export interface RunbookChooserModel {
  /** The runbooks that fit the incident, best first. */
  runbooks: readonly RunbookOptionModel[];
  /** The current plan's runbook, if it has one. */
  planRunbook?: string;
  /** The chosen runbook's id, or absent: keep the plan's runbook. */
  selected?: string;
}

interface SelectOption {
  text: PlainTextElement;
  value: string;
}

function option(text: string, value: string): SelectOption {
  return { text: plain(text, SELECT_LIMITS.optionText), value: truncate(value, SELECT_LIMITS.optionValue) };
}

function runbookOptions(model: RunbookChooserModel): SelectOption[] {
  const keep = option(
    model.planRunbook ? `Keep the plan's runbook (${model.planRunbook})` : "Keep the plan's runbook",
    KEEP_PLAN_RUNBOOK,
  );
  const others = model.runbooks.map((runbook) =>
    option(
      `${runbook.id}${runbook.id === model.planRunbook ? " (the plan's, new params)" : ''}: ${runbook.title}`,
      runbook.id,
    ),
  );
  return [keep, ...others].slice(0, SELECT_LIMITS.options);
}

function chooser(model: RunbookChooserModel): InputBlock {
  const options = runbookOptions(model);
  const initial = options.find((entry) => entry.value === model.selected) ?? options[0];
  return {
    type: 'input',
    block_id: CHANGES_RUNBOOK_BLOCK,
    dispatch_action: true,
    label: plain('Runbook', LIMITS.inputLabel),
    hint: plain('Choose another runbook that fits this incident to set its params.', LIMITS.inputLabel),
    element: {
      type: 'static_select',
      action_id: CHANGES_RUNBOOK_SELECT,
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function paramInput(runbookId: string, param: ParamFieldModel): KnownBlock {
  const label = plain(
    param.description ? `${param.name}: ${param.description}` : param.name,
    LIMITS.inputLabel,
  );
  const blockId = changesParamBlock(runbookId, param.name);
  if (param.fixed !== undefined)
    return context([
      `*${escapeAndTruncate(param.name, 100)}* = \`${escapeAndTruncate(param.fixed, 200)}\` (from the incident)`,
    ]);
  const hint = param.rule ? { hint: plain(param.rule, LIMITS.inputLabel) } : {};
  if (param.choices && param.choices.length > 0) {
    const options = param.choices.slice(0, SELECT_LIMITS.options).map((choice) => option(choice, choice));
    const initial = options.find((entry) => entry.value === param.initial);
    return {
      type: 'input',
      block_id: blockId,
      label,
      ...hint,
      element: {
        type: 'static_select',
        action_id: changesParamInput(param.name),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    };
  }
  return {
    type: 'input',
    block_id: blockId,
    label,
    ...hint,
    element: {
      type: 'plain_text_input',
      action_id: changesParamInput(param.name),
      max_length: LIMITS.inputValue,
      ...(param.initial ? { initial_value: truncate(param.initial, LIMITS.inputValue) } : {}),
    },
  };
}

/** The chooser, then the chosen runbook's params (none while the plan's runbook is kept). */
export function runbookChooserBlocks(model: RunbookChooserModel): KnownBlock[] {
  if (model.runbooks.length === 0) return [];
  const chosen = model.runbooks.find((runbook) => runbook.id === model.selected);
  // 100 blocks a modal: the intro, the chooser and the feedback leave room for 90 params.
  const params = chosen ? chosen.params.slice(0, 90).map((param) => paramInput(chosen.id, param)) : [];
  return [chooser(model), ...params];
}
