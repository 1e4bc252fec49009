import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../src/dev/slack-emulator/validate-blocks.js';

const section = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...extra,
});
const button = (actionId: string, text = 'Go', value = 'v') => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text },
  value,
});

describe('validateBlocks', () => {
  it('accepts a typical incident message', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'INC-1 checkout down' } },
      section('*Severity* SEV2', { fields: [{ type: 'mrkdwn', text: 'a' }] }),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'opened by <@U1>' }] },
      { type: 'divider' },
      { type: 'actions', block_id: 'act', elements: [button('ack'), button('resolve')] },
    ];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });

  it('caps blocks per surface: 50 in messages, 100 in modals and Home', () => {
    const fifty = Array.from({ length: 50 }, () => ({ type: 'divider' }));
    const hundred = Array.from({ length: 100 }, () => ({ type: 'divider' }));
    expect(validateBlocks(fifty, 'message')).toEqual([]);
    expect(validateBlocks([...fifty, { type: 'divider' }], 'message')).toEqual([
      '[ERROR] must be less than 51 items [json-pointer:/blocks]',
    ]);
    expect(validateBlocks(hundred, 'modal')).toEqual([]);
    expect(validateBlocks([...hundred, { type: 'divider' }], 'home')).toHaveLength(1);
  });

  it('limits section text to 3000 and fields to 10 of 2000', () => {
    expect(validateBlocks([section('x'.repeat(3000))], 'message')).toEqual([]);
    expect(validateBlocks([section('x'.repeat(3001))], 'message')).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const fields = (n: number, len = 5) =>
      Array.from({ length: n }, () => ({ type: 'mrkdwn', text: 'f'.repeat(len) }));
    expect(validateBlocks([{ type: 'section', fields: fields(10) }], 'message')).toEqual([]);
    expect(validateBlocks([{ type: 'section', fields: fields(11) }], 'message')[0]).toContain(
      '/blocks/0/fields',
    );
    expect(validateBlocks([{ type: 'section', fields: fields(1, 2001) }], 'message')[0]).toContain(
      '/blocks/0/fields/0/text',
    );
    expect(validateBlocks([{ type: 'section' }], 'message')[0]).toContain('must provide text or fields');
  });

  it('wants plain_text headers of at most 150 characters', () => {
    const header = (type: string, text: string) => ({ type: 'header', text: { type, text } });
    expect(validateBlocks([header('plain_text', 'h'.repeat(150))], 'message')).toEqual([]);
    expect(validateBlocks([header('plain_text', 'h'.repeat(151))], 'message')).toHaveLength(1);
    expect(validateBlocks([header('mrkdwn', '*bold*')], 'message')).toEqual([
      '[ERROR] must be of type plain_text [json-pointer:/blocks/0/text/type]',
    ]);
  });

  it('limits context to 10 elements and actions to 25', () => {
    const ctx = (n: number) => ({
      type: 'context',
      elements: Array.from({ length: n }, () => ({ type: 'plain_text', text: 'c' })),
    });
    const actions = (n: number) => ({
      type: 'actions',
      elements: Array.from({ length: n }, (_, i) => button(`a${i}`)),
    });
    expect(validateBlocks([ctx(10), actions(25)], 'message')).toEqual([]);
    expect(validateBlocks([ctx(11)], 'message')[0]).toContain('/blocks/0/elements');
    expect(validateBlocks([actions(26)], 'message')[0]).toContain('must be less than 26 items');
  });

  it('limits button text to 75 and value to 2000', () => {
    const actions = (b: unknown) => [{ type: 'actions', elements: [b] }];
    expect(validateBlocks(actions(button('a', 't'.repeat(75), 'v'.repeat(2000))), 'message')).toEqual([]);
    expect(validateBlocks(actions(button('a', 't'.repeat(76))), 'message')).toEqual([
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ]);
    expect(validateBlocks(actions(button('a', 'ok', 'v'.repeat(2001))), 'message')[0]).toContain(
      '/blocks/0/elements/0/value',
    );
  });

  it('limits action_id and block_id to 255 characters and refuses duplicates', () => {
    const long = 'i'.repeat(256);
    expect(validateBlocks([{ type: 'divider', block_id: long }], 'message')[0]).toContain(
      '/blocks/0/block_id',
    );
    expect(validateBlocks([{ type: 'actions', elements: [button(long)] }], 'message')[0]).toContain(
      'action_id',
    );
    const dupBlocks = [
      { type: 'divider', block_id: 'same' },
      { type: 'divider', block_id: 'same' },
    ];
    expect(validateBlocks(dupBlocks, 'message')).toEqual([
      '[ERROR] block_id "same" is already used [json-pointer:/blocks/1/block_id]',
    ]);
    const dupActions = [
      { type: 'actions', elements: [button('ack')] },
      section('x', { accessory: button('ack') }),
    ];
    expect(validateBlocks(dupActions, 'message')[0]).toContain('action_id "ack" is already used');
  });

  it('refuses unknown block and element types and non-arrays', () => {
    expect(validateBlocks([{ type: 'banner' }], 'message')).toEqual([
      '[ERROR] unknown block type "banner" [json-pointer:/blocks/0/type]',
    ]);
    expect(validateBlocks([{ type: 'actions', elements: [{ type: 'slider' }] }], 'message')[0]).toContain(
      'unknown element type',
    );
    expect(validateBlocks({ type: 'divider' }, 'message')).toEqual([
      '[ERROR] must be an array [json-pointer:/blocks]',
    ]);
    expect(validateBlocks(['divider'], 'message')[0]).toContain('must be a block object');
  });

  it('checks images need alt text', () => {
    expect(
      validateBlocks([{ type: 'image', image_url: 'https://x/y.png', alt_text: 'chart' }], 'message'),
    ).toEqual([]);
    expect(validateBlocks([{ type: 'image', image_url: 'https://x/y.png' }], 'message')[0]).toContain(
      'alt_text',
    );
  });

  it('checks context_actions the way Slack documents it: feedback and icon buttons, at most 5', () => {
    const side = (text: string, value: unknown = 'v', label?: string) => ({
      text: { type: 'plain_text', text },
      value,
      ...(label !== undefined ? { accessibility_label: label } : {}),
    });
    const feedback = (
      actionId: string,
      positive: unknown = side('Good'),
      negative: unknown = side('Bad'),
    ) => ({
      type: 'feedback_buttons',
      action_id: actionId,
      positive_button: positive,
      negative_button: negative,
    });
    const block = (elements: unknown[]) => [{ type: 'context_actions', elements }];
    const icon = {
      type: 'icon_button',
      icon: 'trash',
      text: { type: 'plain_text', text: 'Delete' },
      value: 'x',
    };
    expect(
      validateBlocks(block([feedback('f1', side('Good', 'g', 'Mark as good')), icon]), 'message'),
    ).toEqual([]);
    expect(validateBlocks(block([]), 'message')).toEqual([
      '[ERROR] must provide at least 1 items [json-pointer:/blocks/0/elements]',
    ]);
    expect(validateBlocks(block(Array.from({ length: 6 }, (_, i) => feedback(`f${i}`))), 'message')).toEqual([
      '[ERROR] must be less than 6 items [json-pointer:/blocks/0/elements]',
    ]);
    expect(validateBlocks(block([button('b')]), 'message')).toEqual([
      '[ERROR] must be a feedback_buttons or icon_button element [json-pointer:/blocks/0/elements/0]',
    ]);
    expect(validateBlocks(block([feedback('f', side('t'.repeat(76)), null)]), 'message')).toEqual([
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/positive_button/text/text]',
      '[ERROR] must provide a button object [json-pointer:/blocks/0/elements/0/negative_button]',
    ]);
    expect(
      validateBlocks(
        block([
          feedback(
            'f',
            { text: { type: 'plain_text', text: 'Good' } },
            side('Bad', 'v'.repeat(2001), 'l'.repeat(76)),
          ),
        ]),
        'message',
      ),
    ).toEqual([
      '[ERROR] must provide a value [json-pointer:/blocks/0/elements/0/positive_button/value]',
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/negative_button/value]',
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/negative_button/accessibility_label]',
    ]);
    expect(
      validateBlocks(
        block([feedback('f', side('Good'), { ...side('Bad'), text: { type: 'mrkdwn', text: '*b*' } })]),
        'message',
      ),
    ).toEqual([
      '[ERROR] must be of type plain_text [json-pointer:/blocks/0/elements/0/negative_button/text/type]',
    ]);
    expect(
      validateBlocks(
        [...block([feedback('same')]), { type: 'actions', elements: [button('same')] }],
        'message',
      )[0],
    ).toContain('action_id "same" is already used');
  });

  it('checks plan blocks and their task cards: titles, statuses, unique task ids, 256-character details and output', () => {
    const rich = (text: string) => ({
      type: 'rich_text',
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
    });
    const task = (id: string, extra: Record<string, unknown> = {}) => ({
      type: 'task_card',
      task_id: id,
      title: `Task ${id}`,
      status: 'complete',
      ...extra,
    });
    const plan = (tasks: unknown[]) => [{ type: 'plan', title: 'Diagnosis · INC-0001', tasks }];
    expect(
      validateBlocks(
        plan([task('a', { details: rich('x'.repeat(256)), output: rich('ok') }), task('b')]),
        'message',
      ),
    ).toEqual([]);
    expect(validateBlocks([{ type: 'plan', title: '' }], 'message')).toEqual([
      '[ERROR] must provide a title [json-pointer:/blocks/0/title]',
    ]);
    expect(
      validateBlocks(
        plan([
          task('a', { status: 'done' }),
          task('a', { details: rich('x'.repeat(257)) }),
          task('c', { output: 'plain' }),
          { type: 'section' },
        ]),
        'message',
      ),
    ).toEqual([
      '[ERROR] must be pending, in_progress, complete or error [json-pointer:/blocks/0/tasks/0/status]',
      '[ERROR] task_id "a" is already used [json-pointer:/blocks/0/tasks/1/task_id]',
      '[ERROR] must be less than 257 characters [json-pointer:/blocks/0/tasks/1/details]',
      '[ERROR] must be a rich_text [json-pointer:/blocks/0/tasks/2/output]',
      '[ERROR] must be a task_card [json-pointer:/blocks/0/tasks/3]',
    ]);
  });
});
