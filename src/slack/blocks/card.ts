import type { IncidentRoles } from '../../domain/incident-room.js';
import type { Severity } from '../../domain/severity.js';
import { isClosed, type Status, statusLabel } from '../../domain/status.js';
import { context, fallbackText, fieldsSection, header, section } from './kit.js';
import {
  type ConfidenceView,
  formatConfidence,
  KILL_SWITCH_NOTICE,
  SEVERITY_EMOJI,
  STATUS_EMOJI,
} from './labels.js';
import { link } from './notices.js';
import { roleLines } from './room.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { elapsedMs, escapeAndTruncate, formatDuration, oneLine, slackDate } from './text.js';

/** The incident's root message in the channel, updated in place as the incident moves. */
export interface CardView {
  id: string;
  sev: Severity;
  status: Status;
  system: string;
  issue: string;
  confidence?: ConfidenceView;
  rootCause?: string;
  /** ISO timestamps: the builder stays pure by never reading the clock. */
  openedAt: string;
  now: string;
  resolution?: string;
  parent?: string;
  escalated?: boolean;
  killSwitch?: boolean;
  alertCount?: number;
  /** While a person waits for the approval message: the diagnosis's stages in one line. */
  progress?: string;
  /** The incident's own channel, linked from the main channel's card. */
  roomChannel?: string;
  roles?: IncidentRoles;
  /** Opened during a silence (a sev1 still gets its card). */
  silenced?: { id: string; target: string; until: string; reason?: string };
  /** Deploys shortly before it opened on its service or what that depends on, each a line and its link. */
  changes?: ReadonlyArray<{ line: string; url?: string }>;
  /** Where the owner was paged (`pagerduty`, `webhook`). */
  paged?: readonly string[];
}

function silencedBlock(silenced: NonNullable<CardView['silenced']>): KnownBlock {
  const reason = silenced.reason ? `: ${escapeAndTruncate(oneLine(silenced.reason), 300)}` : '';
  return section(
    `🔕 *Silenced* — opened during ${escapeAndTruncate(silenced.id, 20)} on \`${escapeAndTruncate(oneLine(silenced.target), 100)}\` until ${slackDate(silenced.until)}${reason}. Nobody is paged for it.`,
  );
}

function changesBlock(changes: NonNullable<CardView['changes']>): KnownBlock {
  const lines = changes.slice(0, 5).map((change) => {
    const text = escapeAndTruncate(oneLine(change.line), 300);
    return change.url ? `• ${text} · ${link(change.url, 'pipeline run')}` : `• ${text}`;
  });
  return section(`🚀 *Recent change${changes.length === 1 ? '' : 's'}*\n${lines.join('\n')}`);
}

/** Closed incidents lead with their outcome; open ones with their severity. */
function leadEmoji(view: CardView): string {
  return isClosed(view.status) ? STATUS_EMOJI[view.status] : SEVERITY_EMOJI[view.sev];
}

function cardFields(view: CardView): string[] {
  const open = elapsedMs(view.openedAt, view.now);
  const fields = [
    `*System*\n${escapeAndTruncate(view.system, 200)}`,
    `*Status*\n${STATUS_EMOJI[view.status]} ${statusLabel(view.status)}`,
    `*Issue*\n${escapeAndTruncate(view.issue, 1000)}`,
    `*Confidence*\n${view.confidence ? formatConfidence(view.confidence) : '_pending_'}`,
  ];
  if (view.rootCause) fields.push(`*Root cause*\n${escapeAndTruncate(oneLine(view.rootCause), 300)}`);
  fields.push(`*Open for*\n${open === undefined ? 'unknown' : formatDuration(open)}`);
  return fields;
}

function cardContext(view: CardView): string[] {
  const items = [`Opened ${slackDate(view.openedAt)}`];
  if (view.alertCount !== undefined && view.alertCount > 0) {
    items.push(`${view.alertCount} alert${view.alertCount === 1 ? '' : 's'} correlated`);
  }
  if (view.escalated) items.push('⏫ Escalated');
  items.push(...roleLines(view.roles));
  if (view.paged && view.paged.length > 0) {
    const where = view.paged.map((target) => (target === 'pagerduty' ? 'PagerDuty' : 'paging webhook'));
    items.push(`📟 Owner paged (${where.join(', ')})`);
  }
  items.push(view.roomChannel ? `Details in <#${view.roomChannel}>` : 'Details in the thread');
  return items;
}

export function cardMessage(view: CardView): SlackMessage {
  const label = statusLabel(view.status);
  const blocks: KnownBlock[] = [
    header(`${leadEmoji(view)} ${view.id} · ${view.sev} · ${label}${view.silenced ? ' · 🔕 silenced' : ''}`),
    fieldsSection(cardFields(view)),
  ];
  if (view.parent) blocks.push(section(`🔁 Duplicate of *${escapeAndTruncate(view.parent, 100)}*`));
  if (view.resolution) blocks.push(section(`*Resolution*\n${escapeAndTruncate(view.resolution, 2500)}`));
  if (view.silenced) blocks.push(silencedBlock(view.silenced));
  if (view.changes && view.changes.length > 0) blocks.push(changesBlock(view.changes));
  if (view.killSwitch) blocks.push(section(KILL_SWITCH_NOTICE));
  if (view.progress) blocks.push(context([escapeAndTruncate(view.progress, 1000)]));
  blocks.push(context(cardContext(view)));
  const summary = `${escapeAndTruncate(oneLine(view.system), 200)}: ${escapeAndTruncate(oneLine(view.issue), 1000)}`;
  const silenced = view.silenced ? ' (silenced)' : '';
  return { text: fallbackText(`${view.id} · ${label} — ${summary}${silenced}`), blocks };
}
