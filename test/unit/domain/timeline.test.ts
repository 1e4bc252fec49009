import { describe, expect, it } from 'vitest';
import {
  checkTimelineData,
  TIMELINE_EVENTS,
  type TimelineEntry,
  timelineEvent,
  timelineSummary,
} from '../../../src/domain/timeline.js';

const entry = (type: string, data: Record<string, unknown>): TimelineEntry => ({
  id: '1-0',
  type,
  at: '2026-12-06T04:00:00.000Z',
  data,
});

describe('the typed timeline', () => {
  it('types an entry by its kind, and says what each kind means in one line', () => {
    const finished = timelineEvent(entry('stage.finished', { stage: 'rca', durationMs: 40, summary: 'OOM' }));
    expect(finished?.type).toBe('stage.finished');
    expect(finished && timelineSummary(finished)).toBe('OOM');
    const decision = timelineEvent(
      entry('decision', { round: 1, decision: 'rejected', reason: 'wrong service', status: 'Rejected' }),
    );
    expect(decision && timelineSummary(decision)).toBe('wrong service');
    const moved = timelineEvent(entry('status.changed', { to: 'Needs_Followup' }));
    expect(moved && timelineSummary(moved)).toBe('Needs_Followup');
    const reopened = timelineEvent(entry('reopened', {}));
    expect(reopened && timelineSummary(reopened)).toBe('');
  });

  it('leaves an unknown kind, or details that do not fit, untyped', () => {
    expect(timelineEvent(entry('stage.exploded', { stage: 'rca' }))).toBeUndefined();
    expect(timelineEvent(entry('stage.finished', { stage: 'rca' }))).toBeUndefined();
    expect(timelineEvent(entry('constructor', {}))).toBeUndefined();
  });

  it('checks a writer’s details and names what does not fit', () => {
    expect(checkTimelineData('comment', { text: 'looking', ts: '1.0' })).toEqual({ ok: true });
    const bad = checkTimelineData('status.changed', { to: 'Fixed' });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.issues).toMatch(/to/);
    expect(checkTimelineData('approval.requested', { round: -1, route: 'approval', reasons: [] }).ok).toBe(
      false,
    );
  });

  it('knows every kind the writers use', () => {
    expect(Object.keys(TIMELINE_EVENTS).length).toBeGreaterThanOrEqual(25);
  });
});
