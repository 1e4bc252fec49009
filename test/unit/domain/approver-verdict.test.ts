import { describe, expect, it } from 'vitest';
import { approveParts, emptyBook, noteUnreadableGroups, openRound } from '../../../src/domain/approval.js';
import { approverVerdict, isUserGroup } from '../../../src/domain/approver-verdict.js';
import type { GroupMembers } from '../../../src/domain/ports.js';

const members = (entries: Record<string, GroupMembers>) => new Map(Object.entries(entries));
const SRE: GroupMembers = { kind: 'members', users: ['U0MEMBER'] };
const UNREADABLE: GroupMembers = { kind: 'unreadable', reason: 'missing_scope' };

describe('approverVerdict: users and user groups, never "anyone" by accident', () => {
  it('tells groups (S…) from users (U…, W…)', () => {
    expect(['S0SRE', 'U0LEAD', 'W0ENT', 'sre'].map(isUserGroup)).toEqual([true, false, false, false]);
  });

  it.each([
    ['no approvers: anyone', [], 'U0ANY', {}, [], { allowed: true, via: 'anyone' }],
    ['a listed user', ['U0LEAD', 'S0SRE'], 'U0LEAD', {}, [], { allowed: true, via: 'listed' }],
    [
      'a member of a listed group',
      ['U0LEAD', 'S0SRE'],
      'U0MEMBER',
      { S0SRE: SRE },
      [],
      { allowed: true, via: 'group', group: 'S0SRE' },
    ],
    ['a non-member', ['U0LEAD', 'S0SRE'], 'U0OTHER', { S0SRE: SRE }, [], { allowed: false, unreadable: [] }],
    [
      'a group id typed as a user is no user',
      ['S0SRE'],
      'S0SRE',
      { S0SRE: SRE },
      [],
      { allowed: false, unreadable: [] },
    ],
    [
      'an unreadable group admits nobody, even with APPROVERS empty',
      ['S0SRE'],
      'U0MEMBER',
      { S0SRE: UNREADABLE },
      [],
      { allowed: false, unreadable: [{ group: 'S0SRE', reason: 'missing_scope' }] },
    ],
    [
      'an unreadable group leaves the decision to APPROVERS',
      ['S0SRE'],
      'U0GLOBAL',
      { S0SRE: UNREADABLE },
      ['U0GLOBAL'],
      { allowed: true, via: 'fallback' },
    ],
    [
      'APPROVERS alone do not decide while the group is readable',
      ['S0SRE'],
      'U0GLOBAL',
      { S0SRE: SRE },
      ['U0GLOBAL'],
      { allowed: false, unreadable: [] },
    ],
    [
      'a group never looked up counts as unreadable',
      ['S0SRE'],
      'U0MEMBER',
      {},
      [],
      { allowed: false, unreadable: [{ group: 'S0SRE', reason: 'not looked up' }] },
    ],
  ] as const)('%s', (_name, approvers, user, found, fallback, expected) => {
    expect(approverVerdict(approvers, user, members(found), fallback)).toEqual(expected);
  });
});

describe('noteUnreadableGroups: the thread says it once per group', () => {
  const now = new Date('2026-12-06T04:00:00Z');
  it('adds new groups, and nothing the second time', () => {
    const book = { rounds: [] };
    const noted = noteUnreadableGroups(book, [{ group: 'S0SRE', reason: 'missing_scope' }], now);
    expect(noted?.unreadableGroups).toEqual([
      { group: 'S0SRE', reason: 'missing_scope', at: now.toISOString() },
    ]);
    expect(noted && noteUnreadableGroups(noted, [{ group: 'S0SRE', reason: 'again' }], now)).toBeUndefined();
    const more = noted && noteUnreadableGroups(noted, [{ group: 'S0DBA', reason: 'no_such_subteam' }], now);
    expect(more?.unreadableGroups?.map((note) => note.group)).toEqual(['S0SRE', 'S0DBA']);
  });
});

describe('approveParts: each part approved once, the round decided when all are', () => {
  const opened = openRound(emptyBook(), { round: 1, route: 'approval', openedAt: 't0', expiresAt: 't9' });
  const by = (user: string) => ({ kind: 'approved' as const, by: user, at: `at-${user}` });

  it('records parts, ignores a repeat, and decides with the last approval', () => {
    const first = approveParts(opened, 1, ['pay'], ['pay', 'db'], by('U0PAY'));
    expect(first).toMatchObject({ kind: 'partial', waiting: ['db'] });
    const book = first.kind === 'partial' ? first.book : undefined;
    expect(book?.rounds[0]?.partApprovals).toEqual([{ part: 'pay', by: 'U0PAY', at: 'at-U0PAY' }]);
    const again = book && approveParts(book, 1, ['pay'], ['pay', 'db'], by('U0OTHER'));
    expect(again).toMatchObject({ kind: 'partial', waiting: ['db'] });
    expect(again && 'book' in again ? again.book : undefined).toBeUndefined();
    const last = book && approveParts(book, 1, ['db'], ['pay', 'db'], by('U0DBA'));
    expect(last).toMatchObject({ kind: 'won', round: { state: 'decided', decision: { by: 'U0DBA' } } });
    expect(last?.kind === 'won' ? last.round.partApprovals?.map((p) => p.by) : []).toEqual([
      'U0PAY',
      'U0DBA',
    ]);
  });

  it('one approver of every part decides at once; a decided round stays decided', () => {
    const won = approveParts(opened, 1, ['pay', 'db'], ['pay', 'db'], by('U0BOTH'));
    expect(won.kind).toBe('won');
    const book = won.kind === 'won' ? won.book : opened;
    expect(approveParts(book, 1, ['db'], ['pay', 'db'], by('U0DBA')).kind).toBe('already_decided');
    expect(approveParts(opened, 2, ['db'], ['db'], by('U0DBA')).kind).toBe('unknown_round');
  });
});
