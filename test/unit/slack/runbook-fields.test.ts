import { describe, expect, it } from 'vitest';
import {
  CHANGES_FEEDBACK_BLOCK,
  CHANGES_RUNBOOK_BLOCK,
  CHANGES_RUNBOOK_SELECT,
  changesParamBlock,
  changesParamInput,
  KEEP_PLAN_RUNBOOK,
  parseModalMetadata,
} from '../../../src/slack/action-ids.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { requestChangesModal } from '../../../src/slack/blocks/modals.js';
import { type RunbookOptionModel, SELECT_LIMITS } from '../../../src/slack/blocks/runbook-fields.js';
import type { ModalView } from '../../../src/slack/blocks/slack-types.js';

const ref = { id: 'INC-0007', round: 2 };

const restart: RunbookOptionModel = {
  id: 'restart-shop',
  title: 'Restart shop',
  params: [{ name: 'program', choices: ['shop', 'web'], initial: 'shop' }],
};
const gated: RunbookOptionModel = {
  id: 'restart-shop-gated',
  title: 'Restart shop once approved',
  params: [
    { name: 'program', description: 'the program', initial: 'shop', rule: 'Must match ^[a-z]+$' },
    { name: 'service', fixed: 'shop' },
  ],
};

type Block = Record<string, unknown> & { block_id?: string };
const blocks = (view: ModalView) => view.blocks as unknown as Block[];
const blockOf = (view: ModalView, id: string) => blocks(view).find((block) => block.block_id === id);

describe('the Request changes modal with runbooks', () => {
  it('without fitting runbooks: the feedback alone, required', () => {
    const view = requestChangesModal(ref);
    expect(blocks(view).map((block) => block.type)).toEqual(['section', 'input']);
    expect(blockOf(view, CHANGES_FEEDBACK_BLOCK)?.optional).toBeUndefined();
  });

  it('offers a dispatching select of the fitting runbooks, keeping the plan’s by default, no params yet', () => {
    const view = requestChangesModal({ ...ref, runbooks: [restart, gated], planRunbook: 'restart-shop' });
    expect(parseModalMetadata(view.private_metadata)).toEqual(ref);
    expect(blockOf(view, CHANGES_FEEDBACK_BLOCK)?.optional).toBe(true);
    const chooser = blockOf(view, CHANGES_RUNBOOK_BLOCK);
    expect(chooser).toMatchObject({
      type: 'input',
      dispatch_action: true,
      element: {
        type: 'static_select',
        action_id: CHANGES_RUNBOOK_SELECT,
        initial_option: {
          value: KEEP_PLAN_RUNBOOK,
          text: { text: "Keep the plan's runbook (restart-shop)" },
        },
      },
    });
    const options = (chooser?.element as { options?: Array<{ value: string }> } | undefined)?.options ?? [];
    expect(options.map((entry) => entry.value)).toEqual([
      KEEP_PLAN_RUNBOOK,
      'restart-shop',
      'restart-shop-gated',
    ]);
    expect(blocks(view).filter((block) => String(block.block_id).startsWith('changes_param:'))).toEqual([]);
    expect(checkMessageLimits(view, 'modal')).toEqual([]);
  });

  it('shows the chosen runbook’s params: a select for listed values, a text input with its rule as hint, a fixed line for incident facts', () => {
    const view = requestChangesModal({ ...ref, runbooks: [restart, gated], selected: 'restart-shop-gated' });
    expect(blockOf(view, CHANGES_RUNBOOK_BLOCK)).toMatchObject({
      element: { initial_option: { value: 'restart-shop-gated' } },
    });
    expect(blockOf(view, changesParamBlock('restart-shop-gated', 'program'))).toMatchObject({
      type: 'input',
      label: { text: 'program: the program' },
      hint: { text: 'Must match ^[a-z]+$' },
      element: { type: 'plain_text_input', action_id: changesParamInput('program'), initial_value: 'shop' },
    });
    expect(JSON.stringify(blocks(view).at(-1))).toContain('*service* = `shop` (from the incident)');
    const other = requestChangesModal({ ...ref, runbooks: [restart, gated], selected: 'restart-shop' });
    expect(blockOf(other, changesParamBlock('restart-shop', 'program'))).toMatchObject({
      element: {
        type: 'static_select',
        options: [{ value: 'shop' }, { value: 'web' }],
        initial_option: { value: 'shop' },
      },
    });
    expect(blockOf(other, changesParamBlock('restart-shop-gated', 'program'))).toBeUndefined();
  });

  it('stays within Slack’s limits however many runbooks, params and values: 100 options, 75-character labels, unique block ids', () => {
    const long = 'x'.repeat(300);
    const runbooks: RunbookOptionModel[] = Array.from({ length: 150 }, (_, i) => ({
      id: `runbook-${i}-${'y'.repeat(60)}`,
      title: long,
      params: Array.from({ length: 120 }, (_, p) => ({
        name: `param_${p}`,
        description: long,
        ...(p % 2 === 0
          ? { choices: Array.from({ length: 130 }, (_, c) => `value-${c}-${long}`) }
          : { initial: long.repeat(20), rule: long }),
      })),
    }));
    const view = requestChangesModal({
      ...ref,
      runbooks,
      planRunbook: runbooks[0]?.id,
      selected: runbooks[5]?.id,
    });
    expect(checkMessageLimits(view, 'modal')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const selects = blocks(view)
      .map(
        (block) =>
          block.element as { type?: string; options?: Array<{ text: { text: string } }> } | undefined,
      )
      .filter((element) => element?.type === 'static_select');
    expect(selects.length).toBeGreaterThan(1);
    for (const select of selects) {
      expect(select?.options?.length).toBeLessThanOrEqual(SELECT_LIMITS.options);
      for (const entry of select?.options ?? []) expect(entry.text.text.length).toBeLessThanOrEqual(75);
    }
    const ids = blocks(view)
      .map((block) => block.block_id)
      .filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
