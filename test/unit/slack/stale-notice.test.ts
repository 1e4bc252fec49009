import { describe, expect, it } from 'vitest';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { staleNotice } from '../../../src/slack/blocks/stale-notice.js';

describe('stale notice', () => {
  it('names the status, since when, and how to close it, within Slack limits', () => {
    const message = staleNotice({
      id: 'INC-0007',
      status: 'Partially_Resolved',
      since: '2026-11-01T10:00:00Z',
    });
    expect(message.text).toBe('INC-0007: still Partially Resolved since 2026-11-01');
    expect(JSON.stringify(message.blocks)).toContain('/incident resolve INC-0007');
    expect(checkMessageLimits(message, 'message')).toEqual([]);
  });
});
