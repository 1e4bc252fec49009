import { describe, expect, it } from 'vitest';
import { cardMessage } from '../../../src/slack/blocks/index.js';
import { fallbackText, header, mrkdwn, plain, section } from '../../../src/slack/blocks/kit.js';
import { stripControlCharacters } from '../../../src/slack/blocks/text.js';
import { hasInvisible } from '../../support/invisible-text.js';
import { card } from './views.js';

describe('control characters never reach Slack', () => {
  it.each([
    ['NUL', 'disk\u0000full', 'diskfull'],
    ['ANSI colour', '\u001b[31mred\u001b[0m alert', 'red alert'],
    ['ANSI title (OSC)', '\u001b]0;pwned\u0007ok', 'ok'],
    ['right-to-left override', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['bidi isolates and marks', '\u2066a\u2069\u200Fb\u061C', 'ab'],
    ['C1 and DEL', 'a\u0085b\u007fc', 'abc'],
    ['carriage return', 'line\r\nnext', 'line\nnext'],
  ])('strips %s', (_what, input, expected) => {
    expect(stripControlCharacters(input)).toBe(expected);
  });

  it('keeps tabs, newlines, emoji and their joiners', () => {
    const text = 'a\tb\n👩‍💻 ✅ 🇫🇷';
    expect(stripControlCharacters(text)).toBe(text);
  });

  it('is applied by every text helper of the builders', () => {
    const hostile = '\u0000\u001b[2J\u202Eevil';
    const texts = [
      plain(hostile, 100).text,
      mrkdwn(hostile).text,
      JSON.stringify(header(hostile)),
      JSON.stringify(section(hostile)),
      fallbackText(hostile),
    ];
    for (const text of texts) {
      expect(hasInvisible(text)).toBe(false);
      expect(text).toContain('evil');
    }
  });

  it('leaves no control character in a whole card built from a hostile ticket', () => {
    const message = cardMessage({
      ...card,
      system: 'api\u202E',
      issue: '5xx \u001b[31mspike\u001b[0m\u0000 on checkout',
    });
    expect(JSON.stringify(message)).not.toMatch(/\\u00(0|1)[0-9a-f]|\\u001b/i);
    expect(hasInvisible(`${message.text}${JSON.stringify(message.blocks)}`)).toBe(false);
    expect(JSON.stringify(message.blocks)).toContain('spike');
  });
});
