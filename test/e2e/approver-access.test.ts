/**
 * Who may change an incident, over every button (ACTION_IDS), every modal (MODAL_CALLBACK_IDS) and
 * every /incident subcommand: a non-approver is refused privately and nothing changes; an approver
 * goes through (the positive control). Every request is a real signed one to the real Bolt app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAction } from '../../src/dev/slack-driver/index.js';
import type { StoredMessage } from '../../src/dev/slack-emulator/index.js';
import { openIncident } from '../../src/pipeline/open-incident.js';
import {
  ACTION_IDS,
  type ActionId,
  APPROVE,
  CHANGES_FEEDBACK_BLOCK,
  CHANGES_FEEDBACK_INPUT,
  encodeModalMetadata,
  KILL_SWITCH_TOGGLE,
  MANUAL_STEP_DONE,
  MODAL_CALLBACK_IDS,
  type ModalCallbackId,
  OVERRIDE,
  OVERRIDE_MODAL,
  OVERRIDE_STEPS_BLOCK,
  OVERRIDE_STEPS_INPUT,
  REJECT,
  REJECT_MODAL,
  REJECT_REASON_BLOCK,
  REJECT_REASON_INPUT,
  REOPEN,
  REQUEST_CHANGES,
  REQUEST_CHANGES_MODAL,
} from '../../src/slack/action-ids.js';
import { INCIDENT_SUBCOMMAND_ACCESS } from '../../src/slack/commands/incident-command.js';
import { click, ephemeralsFor, hasButton, submitModal, threadMessage } from '../support/approval-flow.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { waitFor, waitForStatus } from '../support/test-runtime.js';

const CHANNEL = 'C0ACCESS';
const APPROVER = 'U0APPROVER';
const OUTSIDER = 'U0OUTSIDER';

let e2e: E2E;
const ctx = () => e2e.warroom.runtime.ctx;

/**
 * Everything a refused request could have changed, for one incident. The crew may still be at work
 * on it (a remediation waiting for its manual step), so the ticket counts by its status and
 * history, and the timeline by what the outsider left in it: nothing.
 */
async function stateOf(incidentId: string) {
  const ticket = await ctx().tickets.get(incidentId);
  const timeline = await ctx().timeline.read(incidentId);
  return {
    status: ticket?.status,
    history: ticket?.history.map((entry) => `${entry.from}->${entry.to}`),
    resolution: ticket?.resolution,
    reopenedBy: ticket?.reopenedBy,
    byOutsider: timeline.filter((entry) => entry.by === OUTSIDER),
    approvals: await ctx().approvals.book(incidentId),
    manualDone: [...(await ctx().manualSteps.done(incidentId))],
    killSwitch: (await ctx().killSwitch.state()).on,
    chaos: (await ctx().chaos.read()).on,
    silences: (await ctx().silences.active(new Date())).map((silence) => silence.id),
  };
}

/** The app's DM with a person, as Slack names it. */
const dmOf = (user: string) => `D${user.slice(1)}`;

/** The next private answer `user` gets: a response_url post, or (from App Home) a DM. */
async function nextPrivateAnswer(user: string, before: { posts: number; dms: number }): Promise<string> {
  return waitFor(
    () => {
      const post = ephemeralsFor(e2e, user)[before.posts];
      if (post !== undefined) return post;
      return e2e.emulator.messages(dmOf(user))[before.dms]?.text;
    },
    { what: `a private answer to ${user}` },
  );
}
const answersSoFar = (user: string) => ({
  posts: ephemeralsFor(e2e, user).length,
  dms: e2e.emulator.messages(dmOf(user)).length,
});

async function awaitingApproval(text: string, id: string) {
  await e2e.driver.slashCommand({ command: '/inject', text, userId: APPROVER, channelId: CHANNEL });
  return (await threadMessage(e2e, CHANNEL, id, 'approval:r1', (message) => hasButton(message, REJECT)))
    .message;
}

async function homeOf(user: string) {
  await e2e.driver.event({ event: { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' } });
  return waitFor(() => e2e.emulator.homeView(user), { what: `${user}'s Home tab` });
}

/** How one button is clicked, which incident it concerns, and what acceptance looks like. */
interface ActionCase {
  incident: () => string;
  click: (user: string) => Promise<{ status: number }>;
  accepted: () => Promise<unknown>;
}

const fixtures: {
  decide?: StoredMessage;
  approve?: StoredMessage;
  falsePositive?: string;
  checklist?: StoredMessage;
} = {};

const modalOpened = (callbackId: string) => () =>
  waitFor(() =>
    e2e.emulator.views().find((view) => view.user === APPROVER && view.view.callback_id === callbackId),
  );

const ACTION_CASES: Record<ActionId, ActionCase> = {
  [APPROVE]: {
    incident: () => 'INC-0003',
    click: (user) => click(e2e, user, CHANNEL, fixtures.approve as StoredMessage, APPROVE),
    accepted: () =>
      waitFor(async () => ((await ctx().approvals.book('INC-0003')).rounds[0]?.decision ? true : undefined)),
  },
  [REJECT]: {
    incident: () => 'INC-0002',
    click: (user) => click(e2e, user, CHANNEL, fixtures.decide as StoredMessage, REJECT),
    accepted: modalOpened(REJECT_MODAL),
  },
  [OVERRIDE]: {
    incident: () => 'INC-0002',
    click: (user) => click(e2e, user, CHANNEL, fixtures.decide as StoredMessage, OVERRIDE),
    accepted: modalOpened(OVERRIDE_MODAL),
  },
  [REQUEST_CHANGES]: {
    incident: () => 'INC-0002',
    click: (user) => click(e2e, user, CHANNEL, fixtures.decide as StoredMessage, REQUEST_CHANGES),
    accepted: modalOpened(REQUEST_CHANGES_MODAL),
  },
  [REOPEN]: {
    incident: () => fixtures.falsePositive ?? '',
    click: async (user) => {
      const id = fixtures.falsePositive ?? '';
      const { message } = await threadMessage(e2e, CHANNEL, id, 'false-positive', (m) =>
        hasButton(m, REOPEN),
      );
      return click(e2e, user, CHANNEL, message, REOPEN);
    },
    accepted: () =>
      waitForStatus(e2e.warroom.runtime, fixtures.falsePositive ?? '', [
        'Diagnosing',
        'Awaiting_Approval',
        'Needs_Followup',
      ]),
  },
  [KILL_SWITCH_TOGGLE]: {
    incident: () => 'INC-0002',
    click: async (user) => {
      const home = await homeOf(user);
      // Home shows the switch to approvers only; a tab published before APPROVERS changed still has it.
      expect(findAction(home.view.blocks, KILL_SWITCH_TOGGLE) !== undefined).toBe(user === APPROVER);
      return e2e.driver.homeAction({ userId: user, actionId: KILL_SWITCH_TOGGLE, value: 'on' });
    },
    accepted: async () => {
      await waitFor(async () => ((await ctx().killSwitch.state()).on ? true : undefined));
      await e2e.driver.homeAction({ userId: APPROVER, actionId: KILL_SWITCH_TOGGLE, value: 'off' });
      await waitFor(async () => ((await ctx().killSwitch.state()).on ? undefined : true));
    },
  },
  [MANUAL_STEP_DONE]: {
    incident: () => 'INC-0004',
    click: (user) =>
      e2e.driver.blockAction({
        userId: user,
        channelId: CHANNEL,
        messageTs: (fixtures.checklist as StoredMessage).ts,
        actionId: `${MANUAL_STEP_DONE}:h1`,
        value: 'INC-0004:h1',
      }),
    accepted: () =>
      waitFor(async () => ((await ctx().manualSteps.done('INC-0004')).has('h1') ? true : undefined)),
  },
};

const submission = (callbackId: ModalCallbackId, incidentId: string, round: number) => {
  const values: Record<ModalCallbackId, Record<string, Record<string, { type: string; value: string }>>> = {
    [REJECT_MODAL]: {
      [REJECT_REASON_BLOCK]: { [REJECT_REASON_INPUT]: { type: 'plain_text_input', value: 'not now' } },
    },
    [OVERRIDE_MODAL]: {
      [OVERRIDE_STEPS_BLOCK]: { [OVERRIDE_STEPS_INPUT]: { type: 'plain_text_input', value: 'restart api' } },
    },
    [REQUEST_CHANGES_MODAL]: {
      [CHANGES_FEEDBACK_BLOCK]: {
        [CHANGES_FEEDBACK_INPUT]: { type: 'plain_text_input', value: 'avoid restart' },
      },
    },
  };
  return (user: string) =>
    e2e.driver.viewSubmission({
      userId: user,
      view: {
        callback_id: callbackId,
        private_metadata: encodeModalMetadata({ id: incidentId, round }),
        state: { values: values[callbackId] },
      },
    });
};

describe('only approvers change incidents', () => {
  beforeAll(async () => {
    e2e = await startE2E({
      env: { APPROVERS: APPROVER },
    });
    // Before any fault: on a healthy estate the alert is a false positive.
    const quiet = await openIncident(ctx(), {
      system: 'auth',
      issue: 'login latency blip',
      sev: 'sev3',
      source: 'alert',
      channel: CHANNEL,
    });
    fixtures.falsePositive = quiet.id;
    await waitForStatus(e2e.warroom.runtime, quiet.id, ['False_Positive']);
    fixtures.decide = await awaitingApproval('full', 'INC-0002');
    fixtures.approve = await awaitingApproval('crash api', 'INC-0003');
    // INC-0004: an approver's override with a free-text line, which becomes a manual step.
    const overridden = await awaitingApproval('slow database', 'INC-0004');
    await click(e2e, APPROVER, CHANNEL, overridden, OVERRIDE);
    await submitModal(e2e, APPROVER, OVERRIDE_MODAL, {
      [OVERRIDE_STEPS_BLOCK]: { [OVERRIDE_STEPS_INPUT]: 'tell the product team about the slow checkout' },
    });
    fixtures.checklist = (
      await threadMessage(e2e, CHANNEL, 'INC-0004', 'manual', (m) =>
        JSON.stringify(m.blocks).includes(MANUAL_STEP_DONE),
      )
    ).message;
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it.each(ACTION_IDS)(
    'button %s: a non-approver is refused privately and nothing changes; an approver goes through',
    async (actionId) => {
      const testCase = ACTION_CASES[actionId];
      const incident = testCase.incident();
      const before = await stateOf(incident);
      const seen = answersSoFar(OUTSIDER);
      expect((await testCase.click(OUTSIDER)).status).toBe(200);
      expect(await nextPrivateAnswer(OUTSIDER, seen)).toMatch(
        /Only approvers can .*<@U0APPROVER>.*Nothing was changed/,
      );
      expect(await stateOf(incident)).toEqual(before);
      expect(
        e2e.emulator.views().filter((view) => view.user === OUTSIDER && view.view.type === 'modal'),
      ).toEqual([]);

      expect((await testCase.click(APPROVER)).status).toBe(200);
      await testCase.accepted();
    },
  );

  it.each(MODAL_CALLBACK_IDS)(
    'modal %s: a non-approver submission is refused in the modal and nothing changes',
    async (callbackId) => {
      const before = await stateOf('INC-0002');
      const response = await submission(callbackId, 'INC-0002', 1)(OUTSIDER);
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.json)).toMatch(
        /"response_action":"errors".*Only approvers can decide on INC-0002/,
      );
      expect(await stateOf('INC-0002')).toEqual(before);
    },
  );

  it('modals: an approver submission is accepted (request changes opens round 2)', async () => {
    const response = await submission(REQUEST_CHANGES_MODAL, 'INC-0002', 1)(APPROVER);
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    await waitFor(async () =>
      (await ctx().approvals.book('INC-0002')).rounds[0]?.decision ? true : undefined,
    );
    // Round 2 waits for a decision: a steady state for the subcommands below.
    await threadMessage(e2e, CHANNEL, 'INC-0002', 'approval:r2', (message) => hasButton(message, REJECT));
    await waitForStatus(e2e.warroom.runtime, 'INC-0002', ['Awaiting_Approval']);
  });

  const SUBCOMMAND_TEXT: Record<keyof typeof INCIDENT_SUBCOMMAND_ACCESS, string> = {
    help: 'help',
    list: 'list',
    show: 'show INC-0002',
    stats: 'stats',
    postmortem: 'postmortem INC-0002',
    declare: 'declare billing invoices stuck sev3',
    resolve: 'resolve INC-0002 fixed by hand',
    'kill-switch': 'kill-switch on',
    simulate: 'simulate start',
    services: 'services',
    role: 'role lead <@U0LEAD|lead> INC-0002',
    silence: 'silence billing 1h noisy while invoices migrate',
    silences: 'silences',
    unsilence: 'unsilence billing',
  };
  const approverOnly = Object.entries(INCIDENT_SUBCOMMAND_ACCESS)
    .filter(([, access]) => access === 'approvers')
    .map(([kind]) => kind as keyof typeof SUBCOMMAND_TEXT);

  it.each(approverOnly)(
    '/incident %s: a non-approver is refused privately and nothing changes',
    async (kind) => {
      const before = await stateOf('INC-0002');
      const text = SUBCOMMAND_TEXT[kind];
      const refused = await e2e.driver.slashCommand({
        command: '/incident',
        text,
        userId: OUTSIDER,
        channelId: CHANNEL,
      });
      expect(refused.json).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringMatching(/^Only approvers can run/),
      });
      // The refusal is the ack and the listener returns with it: nothing runs after the answer.
      expect(await stateOf('INC-0002')).toEqual(before);
    },
  );

  it('/incident: approvers run every approver-only subcommand', async () => {
    for (const kind of approverOnly) {
      const response = await e2e.driver.slashCommand({
        command: '/incident',
        text: SUBCOMMAND_TEXT[kind],
        userId: APPROVER,
        channelId: CHANNEL,
      });
      expect(response.status).toBe(200);
      expect(response.body).not.toMatch(/Only approvers/);
    }
    await waitForStatus(e2e.warroom.runtime, 'INC-0002', ['Resolved']);
    await waitFor(async () => ((await ctx().killSwitch.state()).on ? true : undefined));
    await waitFor(async () => ((await ctx().chaos.read()).on ? undefined : true), {
      what: 'the kill switch to stop the rehearsal',
    });
  });

  it('/incident declare stays open to everyone (raising the alarm needs no approver)', async () => {
    expect(INCIDENT_SUBCOMMAND_ACCESS.declare).toBe('anyone');
    await e2e.driver.slashCommand({
      command: '/incident',
      text: SUBCOMMAND_TEXT.declare,
      userId: OUTSIDER,
      channelId: CHANNEL,
    });
    await waitFor(async () =>
      (await ctx().tickets.listRecent(20)).find((ticket) => ticket.issue === 'invoices stuck'),
    );
  });
});
