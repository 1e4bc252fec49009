import { describe, expect, it } from 'vitest';
import {
  leadFirst,
  MAX_CHANNEL_NAME,
  roomMembers,
  roomName,
  roomNameCandidates,
  roomTopic,
  wantsRoom,
} from '../../../src/domain/incident-room.js';
import { canvasMarkdown } from '../../../src/slack/blocks/canvas-markdown.js';
import { parseIncidentCommand } from '../../../src/slack/commands/incident-command.js';
import { desiredMessages } from '../../../src/slack/outbox/desired-messages.js';
import type { IncidentSnapshot } from '../../../src/slack/outbox/incident-snapshot.js';
import { MESSAGE_KEYS } from '../../../src/slack/outbox/message-keys.js';
import { placeOf } from '../../../src/slack/outbox/placement.js';
import { ticketAt } from '../domain/incident-fixtures.js';
import { snapshotOf } from './incident-snapshot-fixture.js';

const SETTINGS = { severities: ['sev1'] as const, private: false, archiveAfterMs: 1000 };

describe('the incident channel: names, topic and who is in it', () => {
  it.each([
    [{ id: 'INC-0007', system: 'payments', issue: '5xx' }, 'inc-0007-payments-5xx'],
    [{ id: 'INC-0042', system: 'Web Edge', issue: 'Ünïcode & spaces!!' }, 'inc-0042-web-edge-unicode-spaces'],
    [{ id: 'INC-12345', system: 'sim:api', issue: '' }, 'inc-12345-sim-api'],
  ])('%o is named %s', (ticket, name) => {
    expect(roomName(ticket)).toBe(name);
  });

  it("keeps every candidate within Slack's rules, cut on a word, with -2 … -9 for taken names", () => {
    const long = roomName({ id: 'INC-0001', system: 'checkout-service', issue: `${'a '.repeat(200)}end` });
    expect(long.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(long).not.toMatch(/-$/);
    const candidates = roomNameCandidates('x'.repeat(100));
    expect(candidates).toHaveLength(9);
    expect(candidates[1]).toMatch(/-2$/);
    for (const name of candidates) {
      expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
      expect(name).toMatch(/^[a-z0-9_-]+$/);
    }
  });

  it('topic: id, severity, status and roles, at most 250 characters', () => {
    const ticket = ticketAt('Awaiting_Approval', {
      id: 'INC-0007',
      sev: 'sev1',
      roles: { lead: 'U1', scribe: 'U3' },
    });
    expect(roomTopic(ticket)).toBe('INC-0007 · sev1 · Awaiting Approval · lead <@U1> · scribe <@U3>');
    expect(roomTopic(ticketAt('Resolved', { id: 'INC-0007', sev: 'sev1' }))).toBe(
      'INC-0007 · sev1 · Resolved (closed)',
    );
  });

  it('only the listed severities, with a channel, and never a duplicate get a room', () => {
    expect(wantsRoom(SETTINGS, ticketAt('Diagnosing', { sev: 'sev1' }))).toBe(true);
    expect(wantsRoom(SETTINGS, ticketAt('Diagnosing', { sev: 'sev2' }))).toBe(false);
    expect(wantsRoom(SETTINGS, ticketAt('Duplicate', { sev: 'sev1' }))).toBe(false);
    expect(wantsRoom(SETTINGS, ticketAt('Diagnosing', { sev: 'sev1', channel: null }))).toBe(false);
    expect(wantsRoom(undefined, ticketAt('Diagnosing', { sev: 'sev1' }))).toBe(false);
    expect(wantsRoom({ ...SETTINGS, severities: [] }, ticketAt('Diagnosing', { sev: 'sev1' }))).toBe(false);
  });

  it('members: owner, approvers, declarer and role holders, people only, once each', () => {
    expect(
      roomMembers({
        owner: 'S0TEAM',
        approvers: ['U1', 'S0SRE', 'U2'],
        openedBy: 'U1',
        roles: { comms: 'U9' },
      }),
    ).toEqual(['U1', 'U2', 'U9']);
  });

  it('the lead comes first only when they may approve', () => {
    expect(leadFirst(['U1', 'U2'], 'U2')).toEqual(['U2', 'U1']);
    expect(leadFirst(['U1', 'U2'], 'U9')).toEqual(['U1', 'U2']);
    expect(leadFirst([], 'U9')).toEqual([]);
  });
});

describe('/incident role', () => {
  it.each([
    ['role lead <@U0AB12|alice>', { kind: 'role', role: 'lead', user: 'U0AB12' }],
    ['role Comms <@W0CD34> INC-0007', { kind: 'role', role: 'comms', user: 'W0CD34', id: 'INC-0007' }],
    ['role scribe <@U0AB12|alice smith> 7', { kind: 'role', role: 'scribe', user: 'U0AB12', id: 'INC-0007' }],
    ['role lead U0AB12', { kind: 'role', role: 'lead', user: 'U0AB12' }],
  ])('%s', (text, expected) => {
    expect(parseIncidentCommand(text)).toEqual(expected);
  });

  it.each([
    'role',
    'role boss <@U1>',
    'role lead @alice',
    'role lead <@U1> nope',
    'role lead <@U1> INC-1 extra',
  ])('%s is refused with the usage', (text) => {
    const parsed = parseIncidentCommand(text);
    expect(parsed.kind).toBe('help');
    expect(parsed.kind === 'help' && parsed.problem).toMatch(/lead, comms, scribe/);
  });
});

const snapshot = (ticket: IncidentSnapshot['ticket']) => snapshotOf(ticket);

const NOW = new Date('2025-03-01T12:20:00.000Z');
const ROOM = { state: 'open', channel: 'C0ROOM', name: 'inc-0001-payments', at: NOW.toISOString() } as const;

describe('where messages go with a room', () => {
  it('a room adds its own card; the close adds the summary in the main thread', () => {
    const open = desiredMessages(snapshot(ticketAt('Diagnosing', { room: ROOM })), NOW);
    expect(open.map((message) => [message.key, message.placement]).slice(0, 3)).toEqual([
      ['card', 'root'],
      ['room-card', 'room-root'],
      ['progress', 'thread'],
    ]);
    expect(JSON.stringify(open[0]?.message.blocks)).toContain('Details in <#C0ROOM>');
    expect(JSON.stringify(open[1]?.message.blocks)).toContain('Details in the thread');
    const closed = desiredMessages(snapshot(ticketAt('Resolved', { room: ROOM, resolution: 'fixed' })), NOW);
    expect(closed.at(-1)).toMatchObject({ key: 'room-summary', placement: 'main-thread' });
  });

  it('the summary says how long the incident took, however late it is redrawn', () => {
    const opened = ticketAt('Diagnosing', { room: ROOM, resolution: 'fixed' });
    const resolvedAt = '2025-03-01T12:12:00.000Z';
    const resolved = {
      ...opened,
      status: 'Resolved' as const,
      history: [...opened.history, { at: resolvedAt, from: 'Diagnosing' as const, to: 'Resolved' as const }],
    };
    const headlineAt = (now: Date) =>
      JSON.stringify(
        desiredMessages(snapshot(resolved), now).find((m) => m.key === 'room-summary')?.message.blocks,
      );
    expect(headlineAt(NOW)).toContain('Resolved after 12 m 00 s');
    expect(headlineAt(new Date('2025-03-02T09:00:00.000Z'))).toBe(headlineAt(NOW));
  });

  it('a fallback says why once, first in the thread; no room, no summary', () => {
    const fallback = { state: 'fallback', reason: 'missing_scope', at: NOW.toISOString() } as const;
    const messages = desiredMessages(
      snapshot(ticketAt('Resolved', { room: fallback, resolution: 'x' })),
      NOW,
    );
    expect(messages.map((message) => message.key).slice(0, 3)).toEqual(['card', 'room-notice', 'progress']);
    expect(messages.map((message) => message.key)).not.toContain('room-summary');
  });

  it('placeOf: the thread follows the room until it is archived; nothing before its parent is posted', () => {
    const records = new Map([
      [MESSAGE_KEYS.card, { ts: '1.1', channel: 'C0MAIN', digest: '', revision: 0, updatedAtMs: 0 }],
      [MESSAGE_KEYS.roomCard, { ts: '2.2', channel: 'C0ROOM', digest: '', revision: 0, updatedAtMs: 0 }],
    ]);
    const ticket = { channel: 'C0MAIN', room: ROOM };
    expect(placeOf('thread', ticket, records)).toEqual({ channel: 'C0ROOM', threadTs: '2.2' });
    expect(placeOf('main-thread', ticket, records)).toEqual({ channel: 'C0MAIN', threadTs: '1.1' });
    expect(placeOf('room-root', ticket, records)).toEqual({ channel: 'C0ROOM' });
    expect(placeOf('thread', ticket, records, true)).toBeUndefined();
    expect(placeOf('thread', ticket, new Map())).toBeUndefined();
    const archived = { channel: 'C0MAIN', room: { ...ROOM, archivedAt: NOW.toISOString() } };
    expect(placeOf('thread', archived, records)).toEqual({ channel: 'C0MAIN', threadTs: '1.1' });
    expect(placeOf('thread', { channel: 'C0MAIN' }, records)).toEqual({ channel: 'C0MAIN', threadTs: '1.1' });
  });
});

describe('the postmortem as a canvas', () => {
  it('turns Slack mrkdwn into canvas markdown, code blocks untouched', () => {
    const mrkdwn = [
      '*Postmortem · INC-0007 · sev1 · Resolved*',
      '',
      '*Summary*',
      '• Approved by <@U0AB12|alice> in <#C0ROOM>: *restart* payments',
      '```',
      '*not bold* • <@U1>',
      '```',
      '_No comments in the thread._',
    ].join('\n');
    expect(canvasMarkdown(mrkdwn).split('\n')).toEqual([
      '# Postmortem · INC-0007 · sev1 · Resolved',
      '',
      '## Summary',
      '- Approved by ![](@U0AB12) in ![](#C0ROOM): **restart** payments',
      '```',
      '*not bold* • <@U1>',
      '```',
      '_No comments in the thread._',
    ]);
  });
});
