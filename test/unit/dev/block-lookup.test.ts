import { describe, expect, it } from 'vitest';
import { findButton } from '../../../src/dev/local/block-lookup.js';
import { FEEDBACK_BLOCK } from './feedback-blocks.js';

const blocks = [
  { type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'go', value: 'INC-1:1' }] },
  FEEDBACK_BLOCK,
];

describe('findButton', () => {
  it('finds a button, and the clicked side of feedback buttons, by what the message holds now', () => {
    expect(findButton(blocks, 'go')).toEqual({ blockId: 'a', value: 'INC-1:1' });
    expect(findButton(blocks, 'rate', 'fb', 'negative')).toEqual({ blockId: 'fb', value: 'INC-1:wrong' });
    expect(findButton(blocks, 'rate', undefined, 'positive')).toEqual({
      blockId: 'fb',
      value: 'INC-1:right',
    });
  });

  it('finds no feedback button without its side, nor one in another block', () => {
    expect(findButton(blocks, 'rate')).toBeUndefined();
    expect(findButton(blocks, 'rate', 'a', 'positive')).toBeUndefined();
    expect(findButton(blocks, 'gone')).toBeUndefined();
  });
});
