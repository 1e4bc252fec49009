import { describe, expect, it } from 'vitest';
import { validateView } from '../../../src/dev/slack-emulator/validate-view.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'declare',
  title: plain('Declare incident'),
  submit: plain('Declare'),
  close: plain('Cancel'),
  blocks: [
    {
      type: 'input',
      block_id: 'title',
      label: plain('Title'),
      element: { type: 'plain_text_input', action_id: 'v' },
    },
  ],
  ...extra,
});

describe('validateView', () => {
  it('accepts a well-formed modal and Home view', () => {
    expect(validateView(modal(), 'modal')).toEqual([]);
    expect(validateView({ type: 'home', blocks: [{ type: 'divider' }] }, 'home')).toEqual([]);
  });

  it('limits title, submit and close to 24 characters', () => {
    expect(validateView(modal({ title: plain('t'.repeat(24)) }))).toEqual([]);
    expect(validateView(modal({ title: plain('t'.repeat(25)) }))).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
    expect(validateView(modal({ submit: plain('s'.repeat(25)) }))[0]).toContain('/view/submit/text');
    expect(validateView(modal({ close: plain('c'.repeat(25)) }))[0]).toContain('/view/close/text');
  });

  it('limits private_metadata to 3000 characters', () => {
    expect(validateView(modal({ private_metadata: 'm'.repeat(3000) }))).toEqual([]);
    expect(validateView(modal({ private_metadata: 'm'.repeat(3001) }))[0]).toContain(
      '/view/private_metadata',
    );
  });

  it('wants a title, and a submit button when there are inputs', () => {
    expect(validateView(modal({ title: undefined }))[0]).toContain('/view/title');
    expect(validateView(modal({ submit: undefined }))[0]).toContain('must provide submit');
  });

  it('checks the type the method expects and the blocks with the view limit', () => {
    expect(validateView(modal(), 'home')[0]).toContain('must be "home"');
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(validateView({ type: 'home', blocks })).toEqual([
      '[ERROR] must be less than 101 items [json-pointer:/blocks]',
    ]);
    expect(validateView('nope')).toHaveLength(1);
  });
});
