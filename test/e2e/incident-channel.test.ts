import { describe, expect } from 'vitest';
import { FAULT_CATALOG } from '../../src/domain/faults.js';
import type { OpenRoom } from '../../src/domain/incident-room.js';
import { roomName } from '../../src/domain/incident-room.js';
import { APPROVE, REJECT } from '../../src/slack/action-ids.js';
import { click, hasButton, keyOf, threadMessage } from '../support/approval-flow.js';
import type { E2E } from '../support/e2e.js';
import { e2eIt } from '../support/e2e-fixture.js';
import { CHANNEL, cardOf, injectFault, ONCALL, waitForCard } from '../support/incident-e2e.js';
import { settled } from '../support/job-events.js';
import { WRITE_METHODS } from '../support/slack-thread.js';
import { waitFor, waitForStatus } from '../support/test-runtime.js';

const APPROVER = 'U0APPROVER';
const SECOND = 'U0SECOND';
/** 1.8 s: the archive job's delay, shortened. */
const ARCHIVE_HOURS = '0.0005';
const ROOMS = {
  env: {
    INCIDENT_CHANNELS: 'sev1',
    INCIDENT_CHANNEL_ARCHIVE_HOURS: ARCHIVE_HOURS,
    APPROVERS: `${APPROVER},${SECOND}`,
  },
};
/** Channel writes besides messages: create, invite, topic, canvas, archive. */
const ROOM_METHODS = [
  'conversations.create',
  'conversations.invite',
  'conversations.setTopic',
  'conversations.canvases.create',
  'conversations.archive',
];
/**
 * Slack writes for a sev1 with its channel, its diagnosis settled: 5 posts (the main card, the
 * room's card, the approval message, then the RCA and the checklist), the channel, one invite, the
 * topic as the status moves, and the coalesced updates of both cards and the checklist.
 */
const ROOM_WRITE_BUDGET = 16;
const FULL_NAME = roomName({ id: 'INC-0001', system: 'web-edge', issue: FAULT_CATALOG.web_5xx.symptom });

async function openRoom(e2e: E2E, id = 'INC-0001'): Promise<OpenRoom> {
  return waitFor(
    async () => {
      const room = (await e2e.warroom.runtime.ctx.tickets.get(id))?.room;
      return room?.state === 'open' ? room : undefined;
    },
    { what: `${id}'s channel` },
  );
}

function topicOf(e2e: E2E, channel: string): string {
  return e2e.emulator.channelInfo(channel)?.topic ?? '';
}

async function roleCommand(e2e: E2E, text: string, channelId: string) {
  const before = e2e.emulator.responseUrlPosts().length;
  const response = await e2e.driver.slashCommand({ command: '/incident', text, userId: ONCALL, channelId });
  expect(response.status).toBe(200);
  const post = await waitFor(() => e2e.emulator.responseUrlPosts()[before], {
    what: `the answer to ${text}`,
  });
  return { ack: response.json, reply: post.body };
}

const succeeded = (e2e: E2E, method: string) => e2e.emulator.calls(method).filter((call) => call.ok);

describe('a channel per serious incident (INCIDENT_CHANNELS)', () => {
  e2eIt(
    'a sev1 opens its channel, invites the right people, keeps the topic, is approved there, and closes with a summary, a canvas and the archive',
    async ({ startApp }) => {
      const e2e = await startApp(ROOMS);
      await injectFault(e2e, 'full');
      const room = await openRoom(e2e);
      expect(room.name).toBe(FULL_NAME);
      expect(room.name).toMatch(/^inc-0001-web-edge-[a-z0-9-]+$/);
      expect(room.name.length).toBeLessThanOrEqual(80);
      const info = e2e.emulator.channelInfo(room.channel);
      expect(info).toMatchObject({ name: room.name, isPrivate: false });
      // Whoever declared it and the approvers (the simulated estate names no owner).
      await waitFor(() => (e2e.emulator.channelInfo(room.channel)?.members?.length ?? 0) >= 4 || undefined, {
        what: 'the invitations',
      });
      expect(e2e.emulator.channelInfo(room.channel)?.members?.sort()).toEqual(
        [APPROVER, ONCALL, SECOND, e2e.emulator.identity.botUserId].sort(),
      );

      // The approval lives in the incident channel's thread, under its own card.
      const approval = await threadMessage(e2e, room.channel, 'INC-0001', 'approval:r1', (message) =>
        hasButton(message, REJECT),
      );
      await waitFor(
        () =>
          e2e.emulator
            .message(room.channel, approval.card.ts)
            ?.text.startsWith('INC-0001 · Awaiting Approval') || undefined,
        { what: "the room's card to follow the status" },
      );
      await waitFor(
        () => topicOf(e2e, room.channel).startsWith('INC-0001 · sev1 · Awaiting Approval') || undefined,
        {
          what: 'the topic to follow the status',
        },
      );
      // The main channel keeps its card, linking to the room, with nothing in its thread yet.
      const main = await waitForCard(e2e, 'INC-0001', 'Awaiting Approval');
      expect(JSON.stringify(main?.blocks)).toContain(`<#${room.channel}>`);
      expect(e2e.emulator.thread(CHANNEL, main?.ts ?? '')).toEqual([]);

      expect((await click(e2e, APPROVER, room.channel, approval.message, APPROVE)).status).toBe(200);
      await waitForStatus(e2e.warroom.runtime, 'INC-0001', ['Resolved'], 30_000);

      // The close: a summary in the main channel's thread, the postmortem as the room's canvas…
      const summary = await waitFor(
        () => {
          const card = cardOf(e2e, 'INC-0001');
          const thread = card ? e2e.emulator.thread(CHANNEL, card.ts) : [];
          return card?.text.startsWith('INC-0001 · Resolved') && thread.length > 0 ? thread : undefined;
        },
        { what: 'the summary in the main thread' },
      );
      expect(summary.map(keyOf)).toEqual(['room-summary']);
      expect(JSON.stringify(summary[0]?.blocks)).toContain(`<#${room.channel}>`);
      const canvas = await waitFor(() => e2e.emulator.channelInfo(room.channel)?.canvas, {
        what: 'the canvas',
      });
      expect(canvas.markdown).toMatch(/^# Postmortem · INC-0001 · sev1 · Resolved\n/);
      expect(succeeded(e2e, 'conversations.canvases.create')).toHaveLength(1);
      await waitFor(
        () => topicOf(e2e, room.channel).startsWith('INC-0001 · sev1 · Resolved (closed)') || undefined,
        {
          what: 'the closed topic',
        },
      );
      // …and the channel archived once the (shortened) delay is over.
      await waitFor(() => e2e.emulator.channelInfo(room.channel)?.archived || undefined, {
        what: 'the archive',
        timeoutMs: 20_000,
      });
      await waitFor(
        async () => {
          const after = await e2e.warroom.runtime.ctx.tickets.get('INC-0001');
          return after?.room?.state === 'open' && after.room.archivedAt ? true : undefined;
        },
        { what: 'the archive on the ticket' },
      );
      expect(succeeded(e2e, 'conversations.create')).toHaveLength(1);
      expect(succeeded(e2e, 'conversations.archive')).toHaveLength(1);
      // The archive moved nothing back: no edit or post was tried in the archived channel.
      await settled(e2e.warroom.runtime);
      expect(e2e.emulator.calls().filter((call) => call.error === 'is_archived')).toEqual([]);
      const timeline = await e2e.warroom.runtime.ctx.timeline.read('INC-0001');
      expect(timeline.map((entry) => entry.type)).toEqual(
        expect.arrayContaining(['room.opened', 'room.archived']),
      );
      expect(timeline.map((entry) => entry.type)).not.toContain('slack.failed');
    },
  );

  e2eIt(
    'a taken name gets a suffix, and a create whose answer was lost makes one channel',
    async ({ startApp }) => {
      const e2e = await startApp(ROOMS);
      e2e.emulator.addChannel(FULL_NAME);
      await injectFault(e2e, 'full');
      const taken = await openRoom(e2e);
      expect(taken.name).toBe(`${FULL_NAME}-2`);

      // Slack creates the channel but its answer is lost: the outbox finds it rather than make another.
      const crashName = roomName({ id: 'INC-0002', system: 'api', issue: FAULT_CATALOG.crash.symptom });
      e2e.emulator.failNext('conversations.create', 1, { lostAnswer: 'status500' });
      await injectFault(e2e, 'crash api');
      const adopted = await openRoom(e2e, 'INC-0002');
      expect(adopted.name).toBe(crashName);
      await threadMessage(e2e, adopted.channel, 'INC-0002', 'rca');
      const names = e2e.emulator.channels().map((channel) => channel.name);
      expect(names.filter((name) => name.startsWith('inc-')).sort()).toEqual(
        [FULL_NAME, `${FULL_NAME}-2`, crashName].sort(),
      );
      expect(
        e2e.emulator.calls('conversations.create').map((call) => call.fault ?? call.error ?? 'ok'),
      ).toEqual(['name_taken', 'ok', 'lostAnswer:status500']);
    },
  );

  e2eIt(
    'without channels:manage the incident stays in the main thread and says so once',
    async ({ startApp }) => {
      const e2e = await startApp(ROOMS);
      e2e.emulator.setScope('channels:manage', false);
      await injectFault(e2e, 'full');
      const { card } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (message) =>
        hasButton(message, REJECT),
      );
      const ticket = await e2e.warroom.runtime.ctx.tickets.require('INC-0001');
      expect(ticket.room).toMatchObject({ state: 'fallback', reason: 'missing_scope' });
      await waitFor(
        () =>
          e2e.emulator.thread(CHANNEL, card.ts).some((m) => keyOf(m) === 'room-notice') ? true : undefined,
        { what: 'the notice, after the approval message' },
      );
      await settled(e2e.warroom.runtime);
      const notices = e2e.emulator
        .thread(CHANNEL, card.ts)
        .filter((message) => keyOf(message) === 'room-notice');
      expect(notices).toHaveLength(1);
      expect(notices[0]?.text).toContain('channels:manage');
      // The plan streamed to whoever injected it, the decision, then the notice.
      expect(e2e.emulator.thread(CHANNEL, card.ts).map(keyOf).slice(0, 3)).toEqual([
        'progress',
        'approval:r1',
        'room-notice',
      ]);
      expect(succeeded(e2e, 'conversations.create')).toHaveLength(0);
      expect(e2e.emulator.calls('conversations.create')).toHaveLength(1);
    },
  );

  e2eIt('without canvases:write the postmortem stays in the room thread, said once', async ({ startApp }) => {
    const e2e = await startApp(ROOMS);
    e2e.emulator.setScope('canvases:write', false);
    await injectFault(e2e, 'full');
    const room = await openRoom(e2e);
    const approval = await threadMessage(e2e, room.channel, 'INC-0001', 'approval:r1', (message) =>
      hasButton(message, REJECT),
    );
    await click(e2e, APPROVER, room.channel, approval.message, APPROVE);
    const notice = await threadMessage(e2e, room.channel, 'INC-0001', 'room-notice');
    expect(notice.message.text).toContain('canvases:write');
    await threadMessage(e2e, room.channel, 'INC-0001', 'postmortem');
    const thread = e2e.emulator.thread(room.channel, notice.card.ts);
    expect(thread.filter((message) => keyOf(message) === 'room-notice')).toHaveLength(1);
    expect(e2e.emulator.channelInfo(room.channel)?.canvas).toBeUndefined();
    expect(await e2e.warroom.runtime.ctx.tickets.require('INC-0001')).toMatchObject({ status: 'Resolved' });
  });

  e2eIt(
    'roles: set in the channel (escaped mentions) or elsewhere with the id, shown on the cards and the topic',
    async ({ startApp }) => {
      const e2e = await startApp(ROOMS);
      await injectFault(e2e, 'full');
      const room = await openRoom(e2e);
      await threadMessage(e2e, room.channel, 'INC-0001', 'approval:r1', (message) =>
        hasButton(message, REJECT),
      );

      const inRoom = await roleCommand(e2e, `role lead <@${APPROVER}|approver>`, room.channel);
      expect(inRoom.reply).toMatchObject({ response_type: 'in_channel' });
      expect(String(inRoom.reply.text)).toContain(`<@${APPROVER}> lead of INC-0001`);
      const elsewhere = await roleCommand(e2e, 'role scribe <@U0SCRIBE|scribe> INC-0001', CHANNEL);
      expect(String(elsewhere.reply.text)).toContain('<@U0SCRIBE> scribe of INC-0001');
      const nowhere = await roleCommand(e2e, 'role comms <@U0COMMS|comms>', CHANNEL);
      expect(String(nowhere.reply.text)).toMatch(/not an incident's channel/);

      const ticket = await e2e.warroom.runtime.ctx.tickets.require('INC-0001');
      expect(ticket.roles).toEqual({ lead: APPROVER, scribe: 'U0SCRIBE' });
      await waitFor(
        () => {
          const main = JSON.stringify(cardOf(e2e, 'INC-0001')?.blocks);
          const roomCard = JSON.stringify(e2e.emulator.messages(room.channel)[0]?.blocks);
          return [main, roomCard].every(
            (blocks) => blocks.includes(`Lead <@${APPROVER}>`) && blocks.includes('Scribe <@U0SCRIBE>'),
          )
            ? true
            : undefined;
        },
        { what: 'the roles on both cards' },
      );
      await waitFor(
        () =>
          topicOf(e2e, room.channel).includes(`lead <@${APPROVER}> · scribe <@U0SCRIBE>`) ? true : undefined,
        { what: 'the roles in the topic' },
      );
      // A role holder who was not in the channel is invited; the role grants nothing else.
      await waitFor(
        () => e2e.emulator.channelInfo(room.channel)?.members?.includes('U0SCRIBE') || undefined,
        {
          what: 'the scribe invited',
        },
      );
      const types = (await e2e.warroom.runtime.ctx.timeline.read('INC-0001')).map((entry) => entry.type);
      expect(types.filter((type) => type === 'role.assigned')).toHaveLength(2);
    },
  );

  e2eIt('a sev2 gets no channel while INCIDENT_CHANNELS is sev1', async ({ startApp }) => {
    const e2e = await startApp(ROOMS);
    await injectFault(e2e, 'slow database');
    const { card } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'rca');
    expect(card.text).toMatch(/^INC-0001 · /);
    expect(e2e.emulator.calls('conversations.create')).toHaveLength(0);
    expect((await e2e.warroom.runtime.ctx.tickets.require('INC-0001')).room).toBeUndefined();
  });

  e2eIt(
    `a sev1 with its channel stays within ${ROOM_WRITE_BUDGET} Slack writes up to its approval message`,
    async ({ startApp }) => {
      // Production pacing: the updates coalesce as they would.
      const e2e = await startApp({ env: ROOMS.env, pacing: 'production' });
      await injectFault(e2e, 'full');
      const room = await openRoom(e2e);
      await threadMessage(
        e2e,
        room.channel,
        'INC-0001',
        'approval:r1',
        (message) => hasButton(message, REJECT),
        45_000,
      );
      await settled(e2e.warroom.runtime);
      const writes = e2e.emulator
        .calls()
        .filter((call) => [...WRITE_METHODS, ...ROOM_METHODS].includes(call.method));
      const byMethod = Object.fromEntries(
        [...new Set(writes.map((call) => call.method))].map((method) => [
          method,
          writes.filter((call) => call.method === method).length,
        ]),
      );
      // Main card, room card, the approval message, then the RCA; the crew's plan streamed in the
      // room's thread; the channel made, its people invited once.
      console.info(`a sev1 with its channel, Slack writes by method: ${JSON.stringify(byMethod)}`);
      expect(byMethod).toMatchObject({
        'chat.postMessage': 4,
        'chat.startStream': 1,
        'conversations.create': 1,
        'conversations.invite': 1,
      });
      expect(byMethod['conversations.setTopic']).toBeLessThanOrEqual(3);
      expect(writes.length, JSON.stringify(byMethod)).toBeLessThanOrEqual(ROOM_WRITE_BUDGET);
    },
    60_000,
  );

  e2eIt('INCIDENT_CHANNELS_PRIVATE makes the channel private', async ({ startApp }) => {
    const e2e = await startApp({ env: { ...ROOMS.env, INCIDENT_CHANNELS_PRIVATE: 'true' } });
    await injectFault(e2e, 'crash api');
    const room = await openRoom(e2e);
    expect(e2e.emulator.channelInfo(room.channel)?.isPrivate).toBe(true);
    expect(e2e.emulator.calls('conversations.create')[0]?.params).toMatchObject({ is_private: 'true' });
  });
});
