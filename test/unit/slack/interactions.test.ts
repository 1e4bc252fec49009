import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../src/domain/incident-stats.js';
import { newTicket } from '../../../src/domain/ticket.js';
import {
  ACTION_IDS,
  CHANGE_ACTION_IDS,
  FEEDBACK_ACTION_IDS,
  MODAL_CALLBACK_IDS,
  SELECT_ACTION_IDS,
  STEP_ACTION_IDS,
  TASK_ACTION_IDS,
} from '../../../src/slack/action-ids.js';
import { alertsNotice } from '../../../src/slack/blocks/alert-notices.js';
import { approvalMessage } from '../../../src/slack/blocks/approval.js';
import { cardMessage } from '../../../src/slack/blocks/card.js';
import { type ChangeView, changeCardMessage, changeLogMessage } from '../../../src/slack/blocks/change.js';
import {
  falsePositiveNotice,
  manualChecklist,
  reminderNotice,
  unreadableGroupsNotice,
} from '../../../src/slack/blocks/hitl-notices.js';
import { homeView } from '../../../src/slack/blocks/home.js';
import { incidentDetail, incidentList } from '../../../src/slack/blocks/incident-replies.js';
import { overrideModal, rejectModal, requestChangesModal } from '../../../src/slack/blocks/modals.js';
import { duplicateNotice, errorNotice, resolutionNotice } from '../../../src/slack/blocks/notices.js';
import { postmortemMessage } from '../../../src/slack/blocks/postmortem.js';
import { progressMessage } from '../../../src/slack/blocks/progress.js';
import { rcaMessage } from '../../../src/slack/blocks/rca.js';
import { roomNoticeMessage, roomSummaryMessage } from '../../../src/slack/blocks/room.js';
import { servicesMessage } from '../../../src/slack/blocks/services.js';
import { silencesMessage } from '../../../src/slack/blocks/silences.js';
import type { HomeView, ModalView, SlackMessage } from '../../../src/slack/blocks/slack-types.js';
import { staleNotice } from '../../../src/slack/blocks/stale-notice.js';
import { statsMessage } from '../../../src/slack/blocks/stats.js';
import { stepApprovalMessage } from '../../../src/slack/blocks/step-approval.js';
import { taskApprovalMessage, taskDigestMessage } from '../../../src/slack/blocks/tasks.js';
import { incidentHelp, injectUsage } from '../../../src/slack/blocks/usage.js';
import {
  BUTTONS,
  buttonFor,
  CHANGE_BUTTONS,
  FEEDBACK_BUTTONS,
  MODALS,
  SELECTS,
  SLASH_COMMANDS,
  STEP_BUTTONS,
  TASK_BUTTONS,
} from '../../../src/slack/interactions.js';
import { taskApproval, taskDigest } from './task-views.js';
import { approval, card, NOW, OPENED, progress, rca } from './views.js';

type Surface = SlackMessage | ModalView | HomeView;

const ticket = newTicket({
  id: 'INC-0007',
  system: 'api',
  issue: 'crash',
  sev: 'sev1',
  source: 'inject',
  channel: 'C1',
  fingerprint: 'abc',
  now: new Date(OPENED),
});
const emptyStats = computeStats([], new Map(), { from: new Date(OPENED), to: new Date(NOW) });
const ref = { id: 'INC-0007', round: 1 };
const change: ChangeView = {
  id: 'CHG-0003',
  status: 'rolling-out',
  service: 'shop',
  version: '2.0.0',
  previousVersion: '1.0.0',
  requestedBy: 'U1',
  bakeSeconds: 5,
  phaseSizes: [1, 2, 3],
  instances: 3,
  switched: 1,
  log: [{ at: NOW, text: 'Approved by <@U1>: rolling out 2.0.0 phase by phase.' }],
};

/** Every builder, rendered in the states that show its buttons. A new builder needs an entry here. */
const RENDERS: Record<string, () => Surface[]> = {
  alertsNotice: () => [alertsNotice({ id: 'INC-0007', total: 3, firing: 0, resolved: 3, deliveries: 4 })],
  approvalMessage: () => [approvalMessage(approval)],
  cardMessage: () => [cardMessage(card)],
  reminderNotice: () => [reminderNotice({ ...ref, approvers: ['U1'], remainingMs: 60_000 })],
  unreadableGroupsNotice: () => [
    unreadableGroupsNotice({
      id: 'INC-0007',
      groups: [{ group: 'S0SRE', reason: 'the app lacks the usergroups:read scope' }],
      stillAllowed: ['U1'],
    }),
  ],
  manualChecklist: () => [
    manualChecklist({
      id: 'INC-0007',
      steps: [
        { actionId: 'h1', description: 'Fail over the database', done: false },
        { actionId: 'h2', description: 'Tell the vendor', done: true, by: 'U1' },
      ],
    }),
  ],
  falsePositiveNotice: () => [falsePositiveNotice({ id: 'INC-0007', confidence: 90, evidence: ['flat'] })],
  homeView: () =>
    [true, false].map((on) =>
      homeView({
        viewer: 'U1',
        isApprover: true,
        now: NOW,
        incidents: [
          { ...card, createdAt: OPENED, pendingRound: 1 },
          { ...card, id: 'INC-0008', createdAt: OPENED, pendingRound: 2 },
        ],
        stats: emptyStats,
        learned: [],
        killSwitch: on ? { on, by: 'U1', at: NOW } : { on },
      }),
    ),
  incidentList: () => [incidentList([{ ticket }], NOW)],
  incidentDetail: () => [incidentDetail({ ticket, timeline: [{ at: NOW, type: 'x', summary: 'y' }] }, NOW)],
  rejectModal: () => [rejectModal(ref)],
  overrideModal: () => [overrideModal({ ...ref, prefill: ['restart api'] })],
  requestChangesModal: () => [
    requestChangesModal({
      ...ref,
      runbooks: [
        { id: 'restart-api', title: 'Restart api', params: [{ name: 'program', choices: ['api'] }] },
        {
          id: 'scale-api',
          title: 'Scale api',
          params: [{ name: 'replicas', initial: '2', rule: 'A whole number' }],
        },
      ],
      planRunbook: 'restart-api',
      selected: 'scale-api',
    }),
  ],
  duplicateNotice: () => [duplicateNotice({ id: 'INC-0009', parent: 'INC-0007' })],
  resolutionNotice: () => [
    resolutionNotice({ id: 'INC-0007', status: 'Resolved', resolution: 'ok', openedAt: OPENED, now: NOW }),
  ],
  errorNotice: () => [errorNotice({ ref: '8f3a2c1d' })],
  postmortemMessage: () => [postmortemMessage('INC-0007', '# Postmortem\n\nWhat happened.')],
  progressMessage: () => [progressMessage(progress)],
  rcaMessage: () => [rcaMessage(rca)],
  servicesMessage: () => [servicesMessage({ catalog: true, services: [] })],
  silencesMessage: () => [
    silencesMessage(
      [{ id: 'SIL-0001', target: 'payments', by: 'U0SRE', until: NOW, held: { count: 0 } }],
      OPENED,
    ),
  ],
  staleNotice: () => [staleNotice({ id: 'INC-0007', status: 'Needs_Followup', since: OPENED })],
  stepApprovalMessage: () => [
    stepApprovalMessage({
      id: 'INC-0007',
      round: 1,
      stepId: 'restart',
      runbookId: 'restart-api',
      title: 'Restart api',
      executor: 'lab-supervisor',
      action: 'restart program api',
      risk: 'high',
      guard: { verdict: 'allow', reasons: [] },
      expiresAt: NOW,
      approvers: ['U1'],
    }),
  ],
  statsMessage: () => [statsMessage(emptyStats, 'last 24 h')],
  taskApprovalMessage: () => [
    taskApprovalMessage(taskApproval),
    taskApprovalMessage({ ...taskApproval, status: 'ok', decidedBy: 'U1' }),
  ],
  taskDigestMessage: () => [taskDigestMessage(taskDigest)],
  changeCardMessage: () => [changeCardMessage(change), changeCardMessage({ ...change, status: 'halted' })],
  changeLogMessage: () => [changeLogMessage(change)],
  injectUsage: () => [injectUsage({ scenarios: [], services: ['api'] })],
  incidentHelp: () => [incidentHelp()],
  roomSummaryMessage: () => [
    roomSummaryMessage({
      id: 'INC-0007',
      status: 'Resolved',
      openedAt: '2026-01-01T10:00:00Z',
      closedAt: '2026-01-01T10:12:00Z',
      roomChannel: 'C0ROOM',
      roles: { lead: 'U1' },
      canvas: true,
      archived: false,
    }),
  ],
  roomNoticeMessage: () => [
    roomNoticeMessage({ id: 'INC-0007', channel: 'missing_scope', canvas: 'missing_scope' }),
  ],
};

const BUILDER_NAME = /^[a-z]\w*(Message|Notice|Modal|View|Checklist|List|Detail|Usage|Help)$/;
const blocksDir = fileURLToPath(new URL('../../../src/slack/blocks/', import.meta.url));

/** The exported builders of `src/slack/blocks` (kit.ts holds primitives), by the naming convention every builder follows. */
async function exportedBuilders(): Promise<string[]> {
  const names: string[] = [];
  for (const file of readdirSync(blocksDir).filter((name) => name.endsWith('.ts') && name !== 'kit.ts')) {
    const module: Record<string, unknown> = await import(`${blocksDir}${file}`);
    for (const [name, value] of Object.entries(module))
      if (typeof value === 'function' && BUILDER_NAME.test(name)) names.push(name);
  }
  return [...new Set(names)].sort();
}

/** Every `action_id` a surface would send back on a click; inputs of a modal only arrive with its submission. */
function clickableIds(node: unknown, ids: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) clickableIds(item, ids);
  else if (node && typeof node === 'object') {
    if ('type' in node && node.type === 'input' && !('dispatch_action' in node && node.dispatch_action))
      return ids;
    if ('action_id' in node && typeof node.action_id === 'string') ids.push(node.action_id);
    for (const value of Object.values(node)) clickableIds(value, ids);
  }
  return ids;
}

describe('the interaction table', () => {
  it('has a render here for every Block Kit builder', async () => {
    const builders = await exportedBuilders();
    expect(builders.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(RENDERS).sort()).toEqual(builders);
  });

  it('has a handler for every action_id any builder emits, and every handler has a button', () => {
    const emitted = Object.values(RENDERS).flatMap((render) =>
      render().flatMap((surface) => clickableIds(surface)),
    );
    expect(emitted.length).toBeGreaterThan(0);
    const unhandled = emitted.filter((id) => buttonFor(id) === undefined);
    expect(unhandled).toEqual([]);
    const reached = new Set(emitted.map((id) => buttonFor(id)));
    expect([...reached].sort()).toEqual(
      [
        ...ACTION_IDS,
        ...STEP_ACTION_IDS,
        ...SELECT_ACTION_IDS,
        ...TASK_ACTION_IDS,
        ...CHANGE_ACTION_IDS,
        ...FEEDBACK_ACTION_IDS,
      ].sort(),
    );
    expect(Object.keys(BUTTONS).sort()).toEqual([...ACTION_IDS].sort());
    expect(Object.keys(STEP_BUTTONS).sort()).toEqual([...STEP_ACTION_IDS].sort());
    expect(Object.keys(SELECTS).sort()).toEqual([...SELECT_ACTION_IDS].sort());
    expect(Object.keys(TASK_BUTTONS).sort()).toEqual([...TASK_ACTION_IDS].sort());
    expect(Object.keys(CHANGE_BUTTONS).sort()).toEqual([...CHANGE_ACTION_IDS].sort());
    expect(Object.keys(FEEDBACK_BUTTONS).sort()).toEqual([...FEEDBACK_ACTION_IDS].sort());
  });

  it('has a submission handler for every modal a builder opens', () => {
    const modals = [RENDERS.rejectModal, RENDERS.overrideModal, RENDERS.requestChangesModal].flatMap(
      (render) => render?.() ?? [],
    );
    const callbacks = modals.map((view) => ('callback_id' in view ? view.callback_id : undefined));
    expect(callbacks.sort()).toEqual([...MODAL_CALLBACK_IDS].sort());
    expect(Object.keys(MODALS).sort()).toEqual([...MODAL_CALLBACK_IDS].sort());
  });

  it('answers exactly the slash commands the manifest declares', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as {
      features: { slash_commands: Array<{ command: string }> };
    };
    expect(manifest.features.slash_commands.map((entry) => entry.command).sort()).toEqual(
      [...SLASH_COMMANDS].sort(),
    );
  });

  it('matches a button by its id alone or with one `:suffix`, never another id', () => {
    expect(buttonFor('incident_approve')).toBe('incident_approve');
    expect(buttonFor('incident_approve:INC-0007')).toBe('incident_approve');
    expect(buttonFor('manual_step_done:h1')).toBe('manual_step_done');
    expect(buttonFor('incident_approve_all')).toBeUndefined();
    expect(buttonFor('incident_approve:a:b')).toBeUndefined();
    expect(buttonFor('xincident_reopen')).toBeUndefined();
  });
});
