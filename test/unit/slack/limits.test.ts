import { describe, expect, it } from 'vitest';
import { checkMessageLimits, type LimitSubject, type Surface } from '../../../src/slack/blocks/limits.js';
import type { KnownBlock, ModalView } from '../../../src/slack/blocks/slack-types.js';

const x = (n: number): string => 'x'.repeat(n);
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (actionId: string, text = 'Go', value?: string) => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text },
  ...(value !== undefined && { value }),
});
const message = (blocks: KnownBlock[], text = 'fallback') => ({ text, blocks });

function paths(subject: LimitSubject, surface: Surface = 'message'): string[] {
  return checkMessageLimits(subject, surface).map((violation) => violation.path);
}

describe('checkMessageLimits', () => {
  it('accepts a plain valid message', () => {
    expect(checkMessageLimits(message([section('hi')]), 'message')).toEqual([]);
  });

  it('counts blocks per surface: 50 per message, 100 per modal or home', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }) as KnownBlock);
    expect(paths(message(blocks))).toEqual(['/blocks']);
    expect(paths({ type: 'home', blocks }, 'home')).toEqual([]);
    expect(paths({ type: 'home', blocks: [...blocks, ...blocks] }, 'home')).toEqual(['/blocks']);
  });

  it('catches section text over 3000 and empty text', () => {
    expect(paths(message([section(x(3000))]))).toEqual([]);
    expect(paths(message([section(x(3001))]))).toEqual(['/blocks/0/text/text']);
    expect(paths(message([section('')]))).toEqual(['/blocks/0/text/text']);
  });

  it('catches a header over 150 or not in plain text', () => {
    const header = (text: string, type: 'plain_text' | 'mrkdwn' = 'plain_text') =>
      ({ type: 'header', text: { type, text } }) as KnownBlock;
    expect(paths(message([header(x(150))]))).toEqual([]);
    expect(paths(message([header(x(151))]))).toEqual(['/blocks/0/text/text']);
    expect(paths(message([header('hi', 'mrkdwn')]))).toEqual(['/blocks/0/text/type']);
  });

  it('catches more than 10 context elements', () => {
    const elements = Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'a' }));
    expect(paths(message([{ type: 'context', elements }]))).toEqual(['/blocks/0/elements']);
  });

  it('catches more than 25 elements in an actions block', () => {
    const elements = Array.from({ length: 26 }, (_, i) => button(`b${i}`));
    expect(paths(message([{ type: 'actions', elements }]))).toEqual(['/blocks/0/elements']);
  });

  it('catches more than 5 elements in context_actions and feedback buttons over their limits', () => {
    const side = (text: string, value = 'v', label?: string) => ({
      text: { type: 'plain_text' as const, text },
      value,
      ...(label !== undefined && { accessibility_label: label }),
    });
    const feedback = (id: string, positive = side('Good'), negative = side('Bad')) => ({
      type: 'feedback_buttons' as const,
      action_id: id,
      positive_button: positive,
      negative_button: negative,
    });
    const block = (elements: ReturnType<typeof feedback>[]) =>
      message([{ type: 'context_actions', elements } as KnownBlock]);
    expect(paths(block([feedback('f')]))).toEqual([]);
    expect(paths(block(Array.from({ length: 6 }, (_, i) => feedback(`f${i}`))))).toEqual([
      '/blocks/0/elements',
    ]);
    expect(paths(block([feedback('f', side(x(76)), side('Bad', x(2001), x(76)))]))).toEqual([
      '/blocks/0/elements/0/positive_button/text/text',
      '/blocks/0/elements/0/negative_button/value',
      '/blocks/0/elements/0/negative_button/accessibility_label',
    ]);
  });

  it('catches more than 10 fields and fields over 2000', () => {
    const fields = Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'f' }));
    expect(paths(message([{ type: 'section', fields }]))).toEqual(['/blocks/0/fields']);
    const long = [{ type: 'mrkdwn' as const, text: x(2001) }];
    expect(paths(message([{ type: 'section', fields: long }]))).toEqual(['/blocks/0/fields/0/text']);
  });

  it('catches button text over 75 and value over 2000', () => {
    expect(paths(message([{ type: 'actions', elements: [button('a', x(76))] }]))).toEqual([
      '/blocks/0/elements/0/text/text',
    ]);
    expect(paths(message([{ type: 'actions', elements: [button('a', 'Go', x(2001))] }]))).toEqual([
      '/blocks/0/elements/0/value',
    ]);
  });

  it('catches ids over 255 and duplicated ids', () => {
    const long = x(256);
    expect(paths(message([{ type: 'divider', block_id: long }]))).toEqual(['/blocks/0/block_id']);
    expect(paths(message([{ type: 'actions', elements: [button(long)] }]))).toEqual([
      '/blocks/0/elements/0/action_id',
    ]);
    const twice = message([
      { type: 'actions', block_id: 'same', elements: [button('dup')] },
      { type: 'actions', block_id: 'same', elements: [button('dup')] },
    ]);
    expect(paths(twice)).toEqual(['/blocks/1/block_id', '/blocks/1/elements/0/action_id']);
  });

  it('catches a confirm dialog over its limits', () => {
    const confirm = {
      title: { type: 'plain_text' as const, text: x(101) },
      text: { type: 'mrkdwn' as const, text: x(301) },
      confirm: { type: 'plain_text' as const, text: x(31) },
      deny: { type: 'plain_text' as const, text: 'No' },
    };
    const blocks: KnownBlock[] = [{ type: 'actions', elements: [{ ...button('a'), confirm }] }];
    expect(paths(message(blocks))).toEqual([
      '/blocks/0/elements/0/confirm/title/text',
      '/blocks/0/elements/0/confirm/text/text',
      '/blocks/0/elements/0/confirm/confirm/text',
    ]);
  });

  it('needs a non-empty message text under 4000', () => {
    expect(paths(message([], ''))).toEqual(['/text']);
    expect(paths(message([], '   '))).toEqual(['/text']);
    expect(paths(message([], x(4000)))).toEqual(['/text']);
    expect(paths(message([], x(3999)))).toEqual([]);
  });

  describe('modals', () => {
    const input: KnownBlock = {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Why?' },
      element: { type: 'plain_text_input', action_id: 'reason_input', initial_value: x(3001) },
    };
    const modal = (overrides: Partial<ModalView>): ModalView => ({
      type: 'modal',
      title: { type: 'plain_text', text: 'Reject' },
      submit: { type: 'plain_text', text: 'Reject' },
      blocks: [],
      ...overrides,
    });

    it('catches title, submit and close over 24', () => {
      const long = { type: 'plain_text' as const, text: x(25) };
      expect(paths(modal({ title: long, submit: long, close: long }), 'modal')).toEqual([
        '/title/text',
        '/submit/text',
        '/close/text',
      ]);
    });

    it('catches private_metadata over 3000 and callback_id over 255', () => {
      expect(paths(modal({ private_metadata: x(3001), callback_id: x(256) }), 'modal')).toEqual([
        '/private_metadata',
        '/callback_id',
      ]);
    });

    it('needs submit when there is an input, and checks the input', () => {
      const { submit: _, ...noSubmit } = modal({ blocks: [input] });
      expect(paths(noSubmit as ModalView, 'modal')).toEqual(['/submit', '/blocks/0/element/initial_value']);
    });

    it('refuses a message where a modal is expected', () => {
      expect(paths(message([]), 'modal')).toContain('/type');
    });
  });
});
