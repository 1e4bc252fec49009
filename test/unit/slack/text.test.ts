import { describe, expect, it } from 'vitest';
import {
  escapeAndTruncate,
  escapeMrkdwn,
  formatDuration,
  mention,
  relativeAge,
  slackDate,
  truncate,
} from '../../../src/slack/blocks/text.js';

describe('truncate', () => {
  it('leaves text that fits alone', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('', 3)).toBe('');
  });

  it('cuts to exactly max units, ending in an ellipsis', () => {
    const cut = truncate('abcdefghij', 6);
    expect(cut).toBe('abcde…');
    expect(cut.length).toBe(6);
  });

  it('never splits a surrogate pair and never exceeds max', () => {
    const text = '😀'.repeat(10);
    for (let max = 0; max <= 20; max++) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  it('gives nothing for a limit of zero or less', () => {
    expect(truncate('abc', 0)).toBe('');
    expect(truncate('abc', -4)).toBe('');
  });
});

describe('escapeMrkdwn', () => {
  it('escapes the three control characters and nothing else', () => {
    expect(escapeMrkdwn('a < b && c > d *bold*')).toBe('a &lt; b &amp;&amp; c &gt; d *bold*');
  });

  it('does not leave half an entity when it has to cut', () => {
    expect(escapeAndTruncate('ab<<<<', 6)).toBe('ab…');
    expect(escapeAndTruncate('ab<<<<', 100)).toBe('ab&lt;&lt;&lt;&lt;');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [999.4, '999 ms'],
    [999.6, '1.0 s'],
    [4200, '4.2 s'],
    [59_960, '1 m 00 s'],
    [185_000, '3 m 05 s'],
    [7_800_000, '2 h 10 m'],
    [3_600_000, '1 h 00 m'],
    [-5, '0 ms'],
    [Number.NaN, '0 ms'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('relativeAge', () => {
  const now = '2026-03-14T12:00:00.000Z';
  it.each([
    ['2026-03-14T11:59:55.000Z', 'just now'],
    ['2026-03-14T11:59:15.000Z', '45 s ago'],
    ['2026-03-14T11:48:00.000Z', '12 m ago'],
    ['2026-03-14T09:50:00.000Z', '2 h 10 m ago'],
    ['2026-03-11T08:00:00.000Z', '3 d 4 h ago'],
    ['2026-03-14T12:05:00.000Z', 'just now'],
    ['not a date', 'at an unknown time'],
  ])('%s → %s', (from, expected) => {
    expect(relativeAge(from, now)).toBe(expected);
  });

  it('accepts Date objects', () => {
    expect(relativeAge(new Date('2026-03-14T11:48:00Z'), new Date(now))).toBe('12 m ago');
  });
});

describe('slackDate and mention', () => {
  it('renders a date token with a UTC fallback', () => {
    expect(slackDate('2026-03-14T09:30:00.000Z')).toBe(
      '<!date^1773480600^{date_short_pretty} {time}|2026-03-14 09:30 UTC>',
    );
    expect(slackDate('<soon>')).toBe('&lt;soon&gt;');
  });

  it('mentions users and groups, and escapes anything else', () => {
    expect(mention('U0123ABC')).toBe('<@U0123ABC>');
    expect(mention('S0SRE')).toBe('<!subteam^S0SRE>');
    expect(mention('<!channel>')).toBe('&lt;!channel&gt;');
  });
});
