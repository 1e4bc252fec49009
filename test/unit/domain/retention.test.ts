import { describe, expect, it } from 'vitest';
import { expiryOf, isStale, planRetention, type RetentionSettings } from '../../../src/domain/retention.js';

const DAY = 24 * 3600 * 1000;
const now = new Date('2026-12-01T00:00:00Z');
const redisOnly: RetentionSettings = { retentionDays: 180, hotDays: 7, staleDays: 14, archiving: false };
const withHistory: RetentionSettings = { ...redisOnly, archiving: true };

describe('retention decisions', () => {
  it('without a history database, closed incidents expire INCIDENT_RETENTION_DAYS after they closed', () => {
    const closedAtMs = now.getTime() - DAY;
    expect(expiryOf({ id: 'INC-0001', closedAtMs, archived: false }, redisOnly)).toBe(closedAtMs + 180 * DAY);
  });

  it('with a history database, nothing expires before the archive succeeded, then after INCIDENT_HOT_DAYS', () => {
    const closedAtMs = now.getTime() - 30 * DAY;
    expect(expiryOf({ id: 'INC-0001', closedAtMs, archived: false }, withHistory)).toBeUndefined();
    expect(expiryOf({ id: 'INC-0001', closedAtMs, archived: true }, withHistory)).toBe(closedAtMs + 7 * DAY);
  });

  it('plans expiry for recent incidents, eviction for old ones and archive jobs for unarchived ones', () => {
    const plan = planRetention(
      [
        { id: 'INC-0001', closedAtMs: now.getTime() - 8 * DAY, archived: true },
        { id: 'INC-0002', closedAtMs: now.getTime() - 1 * DAY, archived: true },
        { id: 'INC-0003', closedAtMs: now.getTime() - 60 * DAY, archived: false },
      ],
      now,
      withHistory,
    );
    expect(plan).toEqual({
      evict: ['INC-0001'],
      expire: [{ id: 'INC-0002', atMs: now.getTime() + 6 * DAY }],
      archive: ['INC-0003'],
    });
  });

  it('calls only Partially_Resolved and Needs_Followup incidents untouched for STALE_INCIDENT_DAYS stale', () => {
    const old = new Date(now.getTime() - 15 * DAY).toISOString();
    const recent = new Date(now.getTime() - 13 * DAY).toISOString();
    expect(isStale({ id: 'INC-0001', status: 'Partially_Resolved', updatedAt: old }, now, 14)).toBe(true);
    expect(isStale({ id: 'INC-0001', status: 'Needs_Followup', updatedAt: old }, now, 14)).toBe(true);
    expect(isStale({ id: 'INC-0001', status: 'Needs_Followup', updatedAt: recent }, now, 14)).toBe(false);
    expect(isStale({ id: 'INC-0001', status: 'Awaiting_Approval', updatedAt: old }, now, 14)).toBe(false);
  });
});
