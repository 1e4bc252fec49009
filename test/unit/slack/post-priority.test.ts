import { describe, expect, it } from 'vitest';
import {
  approvalKey,
  MESSAGE_KEYS,
  mayPostBeforeDecision,
  postPriority,
  reminderKey,
  stepApprovalKey,
} from '../../../src/slack/outbox/message-keys.js';
import { POST_PRIORITY } from '../../../src/store/post-slots.js';

describe('postPriority: who gets a channel’s next posting slot', () => {
  it.each([
    [approvalKey(1), POST_PRIORITY.decision],
    [approvalKey(12), POST_PRIORITY.decision],
    [stepApprovalKey(2, 'restart-web'), POST_PRIORITY.decision],
    [MESSAGE_KEYS.card, POST_PRIORITY.card],
    [MESSAGE_KEYS.roomCard, POST_PRIORITY.card],
    [MESSAGE_KEYS.rca, POST_PRIORITY.deferrable],
    [MESSAGE_KEYS.rcaChart, POST_PRIORITY.deferrable],
    [MESSAGE_KEYS.progress, POST_PRIORITY.deferrable],
    [MESSAGE_KEYS.alerts, POST_PRIORITY.deferrable],
    [reminderKey(1), POST_PRIORITY.deferrable],
    [MESSAGE_KEYS.resolution, POST_PRIORITY.deferrable],
  ])('%s → %i', (key, priority) => {
    expect(postPriority(key)).toBe(priority);
  });

  it('lets only the cards, decisions and the stale reminder out before the first approval message', () => {
    const early = Object.values(MESSAGE_KEYS).filter(mayPostBeforeDecision);
    expect(early.sort()).toEqual(
      [MESSAGE_KEYS.card, MESSAGE_KEYS.roomCard, MESSAGE_KEYS.staleReminder].sort(),
    );
    expect(mayPostBeforeDecision(approvalKey(1))).toBe(true);
    expect(mayPostBeforeDecision(reminderKey(1))).toBe(false);
  });
});
