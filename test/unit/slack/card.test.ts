import { describe, expect, it } from 'vitest';
import { STATUSES, statusLabel } from '../../../src/domain/status.js';
import { cardMessage } from '../../../src/slack/blocks/card.js';
import { card } from './views.js';

describe('cardMessage', () => {
  it.each(STATUSES)('text fallback starts with "<id> · <status label>" for %s', (status) => {
    const { text } = cardMessage({ ...card, status });
    expect(text.startsWith(`INC-0007 · ${statusLabel(status)}`)).toBe(true);
    expect(text).toBe(
      `INC-0007 · ${statusLabel(status)} — api: p99 latency over 5 s &amp; 5xx rate at 12% &lt;checkout&gt;`,
    );
  });

  it('keeps the prefix when the issue is enormous', () => {
    const { text } = cardMessage({ ...card, status: 'Awaiting_Approval', issue: 'y'.repeat(20_000) });
    expect(text.startsWith('INC-0007 · Awaiting Approval — api: yyy')).toBe(true);
    expect(text.length).toBeLessThan(4000);
  });

  it('heads with severity while open and with the outcome once closed', () => {
    expect(cardMessage(card).blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔴 INC-0007 · sev1 · Diagnosing', emoji: true },
    });
    const resolved = cardMessage({ ...card, sev: 'sev3', status: 'Resolved' }).blocks[0];
    expect(JSON.stringify(resolved)).toContain('✅ INC-0007 · sev3 · Resolved');
  });

  it('shows confidence, root cause, time open, the parent and the kill switch', () => {
    const json = JSON.stringify(
      cardMessage({
        ...card,
        confidence: { score: 91, band: 'high' },
        rootCause: 'database\npool exhausted',
        parent: 'INC-0003',
        killSwitch: true,
      }),
    );
    expect(json).toContain('91% · high');
    expect(json).toContain('database pool exhausted');
    expect(json).toContain('12 m 05 s');
    expect(json).toContain('Duplicate of *INC-0003*');
    expect(json).toContain('Kill switch is on');
  });
});
