import { type IncidentRoles, ROLE_NAMES } from '../../domain/incident-room.js';
import { type Status, statusLabel } from '../../domain/status.js';
import { context, fallbackText, section } from './kit.js';
import { STATUS_EMOJI } from './labels.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { elapsedMs, escapeAndTruncate, formatDuration, mention, oneLine, slackDate } from './text.js';

const ROLE_LABELS = { lead: 'Lead', comms: 'Comms', scribe: 'Scribe' } as const;

/** "Lead <@U1>", "Comms <@U2>": the roles set, in a fixed order. */
export function roleLines(roles: IncidentRoles | undefined): string[] {
  return ROLE_NAMES.flatMap((role) => {
    const user = roles?.[role];
    return user ? [`${ROLE_LABELS[role]} ${mention(user)}`] : [];
  });
}

export interface RoomSummaryView {
  id: string;
  status: Status;
  openedAt: string;
  /** When the incident reached its closed status: the summary says how long it took, not how long ago it opened. */
  closedAt: string;
  roomChannel: string;
  resolution?: string;
  roles?: IncidentRoles;
  canvas: boolean;
  /** ISO: when the channel will be (or was) archived. */
  archiveAt?: string;
  archived: boolean;
}

/** The close, told in the main channel's thread when the incident worked in its own channel. */
export function roomSummaryMessage(view: RoomSummaryView): SlackMessage {
  const open = elapsedMs(view.openedAt, view.closedAt);
  const took = open === undefined ? '' : ` after ${formatDuration(open)}`;
  const headline = `${view.id} · ${statusLabel(view.status)}${took}`;
  const blocks: KnownBlock[] = [
    section(
      `${STATUS_EMOJI[view.status]} *${escapeAndTruncate(headline, 200)}*` +
        (view.resolution ? `\n${escapeAndTruncate(view.resolution, 2500)}` : ''),
    ),
  ];
  const where = view.canvas
    ? `The whole thread and the postmortem canvas are in <#${view.roomChannel}>.`
    : `The whole thread and the postmortem are in <#${view.roomChannel}>.`;
  const archive = view.archived
    ? 'The channel is archived.'
    : view.archiveAt
      ? `The channel will be archived ${slackDate(view.archiveAt)}.`
      : '';
  blocks.push(context([where, ...roleLines(view.roles), ...(archive ? [archive] : [])]));
  return {
    text: fallbackText(`${headline}. Details in the incident channel.`),
    blocks,
  };
}

export interface RoomNoticeView {
  id: string;
  /** Slack's refusal of the channel itself (missing_scope, restricted_action…). */
  channel?: string;
  canvas?: string;
  archive?: string;
}

/** Said once in the thread: what about the incident channel fell back, and Slack's reason. */
export function roomNoticeMessage(view: RoomNoticeView): SlackMessage {
  const why = (error: string) => `\`${escapeAndTruncate(oneLine(error), 100)}\``;
  const lines = [
    ...(view.channel
      ? [
          `No channel of its own for ${view.id}: Slack refused (${why(view.channel)}). The incident stays in this thread. Grant \`channels:manage\` (\`groups:write\` for private channels) to get one.`,
        ]
      : []),
    ...(view.canvas
      ? [
          `The postmortem could not be posted as a canvas (${why(view.canvas)}): it is in this thread. Grant \`canvases:write\` to get it as a canvas.`,
        ]
      : []),
    ...(view.archive
      ? [`The channel could not be archived (${why(view.archive)}): archive it by hand.`]
      : []),
  ];
  const text = lines.join('\n');
  return { text: fallbackText(`⚠️ ${text}`), blocks: [section(`⚠️ ${text}`)] };
}
