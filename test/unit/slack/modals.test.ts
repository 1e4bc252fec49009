import { describe, expect, it } from 'vitest';
import {
  CHANGES_FEEDBACK_BLOCK,
  CHANGES_FEEDBACK_INPUT,
  OVERRIDE_MODAL,
  OVERRIDE_STEPS_BLOCK,
  OVERRIDE_STEPS_INPUT,
  parseModalMetadata,
  REJECT_MODAL,
  REJECT_REASON_BLOCK,
  REJECT_REASON_INPUT,
  REQUEST_CHANGES_MODAL,
} from '../../../src/slack/action-ids.js';
import {
  modalErrors,
  overrideModal,
  parseOverrideSteps,
  rejectModal,
  requestChangesModal,
} from '../../../src/slack/blocks/modals.js';
import type { InputBlock, ModalView } from '../../../src/slack/blocks/slack-types.js';

const ref = { id: 'INC-0007', round: 2 };

function input(view: ModalView): InputBlock {
  const block = view.blocks.find((b): b is InputBlock => b.type === 'input');
  if (!block) throw new Error('no input block');
  return block;
}

describe('modals', () => {
  it.each([
    ['reject', rejectModal(ref), REJECT_MODAL, REJECT_REASON_BLOCK, REJECT_REASON_INPUT],
    ['override', overrideModal(ref), OVERRIDE_MODAL, OVERRIDE_STEPS_BLOCK, OVERRIDE_STEPS_INPUT],
    [
      'request changes',
      requestChangesModal(ref),
      REQUEST_CHANGES_MODAL,
      CHANGES_FEEDBACK_BLOCK,
      CHANGES_FEEDBACK_INPUT,
    ],
  ])(
    '%s: callback, ids, metadata and a required multiline input',
    (_, view, callbackId, blockId, actionId) => {
      expect(view.callback_id).toBe(callbackId);
      expect(parseModalMetadata(view.private_metadata)).toEqual(ref);
      expect(view.title.text.length).toBeLessThanOrEqual(24);
      const block = input(view);
      expect(block.block_id).toBe(blockId);
      expect(block.optional).toBeUndefined();
      expect(block.element).toMatchObject({ type: 'plain_text_input', action_id: actionId, multiline: true });
    },
  );

  it('prefills the override with one step a line', () => {
    const view = overrideModal({ ...ref, prefill: ['restart api', 'scale_up\napi', '  '] });
    expect(input(view).element).toMatchObject({ initial_value: 'restart api\nscale_up api' });
    expect(parseOverrideSteps('restart api\n\n  scale_up api  \n')).toEqual(['restart api', 'scale_up api']);
  });

  it('builds view_submission errors keyed by block id', () => {
    expect(modalErrors({ [REJECT_REASON_BLOCK]: 'Say why.' })).toEqual({
      response_action: 'errors',
      errors: { reject_reason: 'Say why.' },
    });
  });
});
