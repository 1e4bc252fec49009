import type { IncidentStats } from '../../domain/incident-stats.js';
import { type Severity, severityRank } from '../../domain/severity.js';
import { type Status, statusLabel } from '../../domain/status.js';
import type { TaskOverview } from '../../domain/task-run.js';
import {
  type ActionId,
  APPROVE,
  encodeActionValue,
  KILL_SWITCH_TOGGLE,
  REJECT,
  suffixedActionId,
} from '../action-ids.js';
import { changeHomeBlocks, type HomeChange } from './change-home.js';
import { type LearnedSignature, learnedBlocks } from './home-learned.js';
import { actions, button, capList, confirmDialog, context, fieldsSection, header, section } from './kit.js';
import { SEVERITY_EMOJI, STATUS_EMOJI } from './labels.js';
import { type ServiceHealthView, servicesHomeBlocks } from './services.js';
import { homeSilenceBlocks, type SilenceView } from './silences.js';
import type { HomeView, KnownBlock, SectionBlock } from './slack-types.js';
import { statsFields, statusCountsLine } from './stats.js';
import { taskHomeBlocks } from './task-home.js';
import { escapeAndTruncate, mention, oneLine, relativeAge, slackDate, threadLink } from './text.js';

export interface HomeIncident {
  id: string;
  sev: Severity;
  status: Status;
  system: string;
  issue: string;
  createdAt: string;
  threadUrl?: string;
  /** The approval round waiting for a decision, when one is. */
  pendingRound?: number;
}

export interface HomeViewModel {
  viewer: string;
  isApprover: boolean;
  now: string;
  /** Open incidents; the board sorts them. */
  incidents: readonly HomeIncident[];
  /** The last 24 hours. */
  stats: IncidentStats;
  learned: readonly LearnedSignature[];
  killSwitch: { on: boolean; by?: string; at?: string };
  /** With a catalog: each service's health now (absent with the simulated estate). */
  services?: readonly ServiceHealthView[];
  /** Active silences (`/incident silence`); none: no section. */
  silences?: readonly SilenceView[];
  /** The routine tasks (runbooks with a schedule), where there are any. */
  tasks?: readonly TaskOverview[];
  /** Changes (rollouts) under way: not finished yet. */
  changes?: readonly HomeChange[];
}

/**
 * Two blocks at most per incident: 25 of them and the rest of the page stay well inside Slack's 100.
 * More is a list, not a board: `/incident list` has them all.
 */
export const MAX_BOARD_INCIDENTS = 25;

/**
 * Slack requires action ids to be unique within a view here (this codebase's checker and emulator
 * enforce it across the whole view), so each incident's buttons carry its id: `incident_approve:INC-0007`.
 */
function homeActionId(base: ActionId, incidentId: string): string {
  return suffixedActionId(base, incidentId);
}

/** Those waiting on a person first, then the most severe, then the oldest. */
function boardOrder(a: HomeIncident, b: HomeIncident): number {
  const waiting = Number(b.pendingRound !== undefined) - Number(a.pendingRound !== undefined);
  return (
    waiting || severityRank(a.sev) - severityRank(b.sev) || Date.parse(a.createdAt) - Date.parse(b.createdAt)
  );
}

function incidentSection(incident: HomeIncident, view: HomeViewModel): SectionBlock {
  const head = [
    `${SEVERITY_EMOJI[incident.sev]} ${threadLink(incident.threadUrl, incident.id)}`,
    incident.sev,
    `${STATUS_EMOJI[incident.status]} ${statusLabel(incident.status)}`,
    `opened ${relativeAge(incident.createdAt, view.now)}`,
  ].join(' · ');
  const about = `*${escapeAndTruncate(oneLine(incident.system), 80)}*: ${escapeAndTruncate(oneLine(incident.issue), 300)}`;
  const waiting =
    incident.pendingRound !== undefined && !view.isApprover ? '\n_Waiting for an approver._' : '';
  return section(`${head}\n${about}${waiting}`);
}

function decisionButtons(incident: HomeIncident, round: number): KnownBlock {
  const value = encodeActionValue(incident.id, round);
  const confirm =
    incident.sev === 'sev1'
      ? confirmDialog(
          'Approve on sev1?',
          `This runs the plan against production for ${incident.id}.`,
          'Approve',
          'Cancel',
        )
      : undefined;
  return actions(`home_decide:${incident.id}`, [
    button({
      text: 'Approve',
      actionId: homeActionId(APPROVE, incident.id),
      value,
      style: 'primary',
      ...(confirm && { confirm }),
    }),
    button({ text: 'Reject', actionId: homeActionId(REJECT, incident.id), value, style: 'danger' }),
  ]);
}

function boardBlocks(view: HomeViewModel): KnownBlock[] {
  const unique = [...new Map(view.incidents.map((incident) => [incident.id, incident])).values()];
  const blocks: KnownBlock[] = [header(`Open incidents (${unique.length})`)];
  if (unique.length === 0) return [...blocks, section('_No open incidents. All quiet._')];
  const { shown, hidden } = capList([...unique].sort(boardOrder), MAX_BOARD_INCIDENTS);
  for (const incident of shown) {
    blocks.push(incidentSection(incident, view));
    if (incident.pendingRound !== undefined && view.isApprover) {
      blocks.push(decisionButtons(incident, incident.pendingRound));
    }
  }
  if (hidden > 0) blocks.push(context([`…and ${hidden} more — use \`/incident list\``]));
  return blocks;
}

function killSwitchBlock(view: HomeViewModel): SectionBlock {
  const { on, by, at } = view.killSwitch;
  const since = [by ? `by ${mention(by)}` : '', at ? `since ${slackDate(at)}` : ''].filter(Boolean).join(' ');
  const block = section(
    on
      ? `🛑 *Kill switch is on*${since ? ` ${since}` : ''}: no remediation step runs until it is turned off.`
      : '🟢 *Kill switch is off*: approved plans run.',
  );
  if (!view.isApprover) return block;
  block.accessory = on
    ? button({ text: 'Turn off', actionId: KILL_SWITCH_TOGGLE, value: 'off', style: 'primary' })
    : button({
        text: 'Turn on',
        actionId: KILL_SWITCH_TOGGLE,
        value: 'on',
        style: 'danger',
        confirm: confirmDialog(
          'Stop all remediation?',
          'No remediation step will run anywhere until the kill switch is turned off.',
          'Turn on',
          'Cancel',
        ),
      });
  return block;
}

/** The App Home tab: the board, the changes under way, the last day's numbers, what the crew learned, the kill switch, services and tasks. */
export function homeView(view: HomeViewModel): HomeView {
  const role = view.isApprover ? 'you can decide on pending plans' : 'read only: you are not an approver';
  const blocks: KnownBlock[] = [
    header('🚨 Warroom'),
    context([`Updated ${slackDate(view.now)}`, `${mention(view.viewer)}: ${role}`]),
    killSwitchBlock(view),
    ...homeSilenceBlocks(view.silences ?? [], view.now),
    { type: 'divider' },
    ...boardBlocks(view),
    ...(view.changes && view.changes.length > 0
      ? [{ type: 'divider' } as const, ...changeHomeBlocks(view.changes)]
      : []),
    { type: 'divider' },
    header('Last 24 hours'),
    fieldsSection(statsFields(view.stats)),
    context([statusCountsLine(view.stats)]),
    { type: 'divider' },
    ...learnedBlocks(view.learned),
    ...(view.services ? [{ type: 'divider' } as const, ...servicesHomeBlocks(view.services)] : []),
    ...(view.tasks && view.tasks.length > 0
      ? [{ type: 'divider' } as const, ...taskHomeBlocks(view.tasks)]
      : []),
  ];
  return { type: 'home', blocks };
}
