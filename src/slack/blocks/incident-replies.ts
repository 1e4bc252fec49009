import { type Status, statusLabel } from '../../domain/status.js';
import type { Ticket } from '../../domain/ticket.js';
import { fallbackText, packLines, section } from './kit.js';
import { SEVERITY_EMOJI, STATUS_EMOJI } from './labels.js';
import type { SlackMessage } from './slack-types.js';
import { escapeAndTruncate, oneLine, relativeAge } from './text.js';

export interface IncidentLine {
  ticket: Ticket;
  /** Where its thread lives, when it has one. */
  threadUrl?: string;
}

function lineOf({ ticket, threadUrl }: IncidentLine, now: string): string {
  const id = threadUrl ? `<${threadUrl}|${ticket.id}>` : ticket.id;
  const what = escapeAndTruncate(oneLine(`${ticket.system}: ${ticket.issue}`), 120);
  return `${SEVERITY_EMOJI[ticket.sev]} *${id}* · ${ticket.sev} · ${STATUS_EMOJI[ticket.status]} ${statusLabel(ticket.status)} · ${relativeAge(ticket.createdAt, now)} · ${what}`;
}

/** `/incident list`: one line per incident, newest first. */
export function incidentList(lines: readonly IncidentLine[], now: string, status?: Status): SlackMessage {
  const title = status ? `Incidents with status ${statusLabel(status)}` : 'Open incidents';
  if (lines.length === 0) return { text: `${title}: none.`, blocks: [section(`*${title}:* none. 🎉`)] };
  const blocks = [
    section(`*${title}* (${lines.length})`),
    ...packLines(
      lines.map((line) => lineOf(line, now)),
      40,
      'more incidents',
    ),
  ];
  return { text: fallbackText(`${title}: ${lines.length}`), blocks };
}

export interface IncidentDetail extends IncidentLine {
  timeline: ReadonlyArray<{ at: string; type: string; by?: string; summary: string }>;
}

/** `/incident show ID`: the card's facts, the plan, and the latest timeline entries. */
export function incidentDetail(detail: IncidentDetail, now: string): SlackMessage {
  const { ticket } = detail;
  const facts = [
    lineOf(detail, now),
    ticket.rca
      ? `*Root cause:* ${escapeAndTruncate(oneLine(ticket.rca.summary), 500)}`
      : '*Root cause:* not yet known',
    ticket.confidence ? `*Confidence:* ${ticket.confidence.score}% (${ticket.confidence.band})` : '',
    ticket.parent ? `*Duplicate of:* ${ticket.parent}` : '',
    ticket.resolution ? `*Resolution:* ${escapeAndTruncate(oneLine(ticket.resolution), 500)}` : '',
  ].filter(Boolean);
  const plan = ticket.recommendations.map(
    (action, index) =>
      `${index + 1}. \`${action.kind}\` on \`${action.target}\`: ${escapeAndTruncate(oneLine(action.description), 200)}`,
  );
  const timeline = detail.timeline.map(
    (entry) =>
      `• ${entry.at.slice(11, 19)} \`${entry.type}\`${entry.by ? ` <@${entry.by}>` : ''} ${escapeAndTruncate(oneLine(entry.summary), 200)}`,
  );
  const blocks = [
    section(facts.join('\n')),
    ...(plan.length > 0 ? packLines(['*Plan*', ...plan], 5, 'more steps') : []),
    ...(timeline.length > 0 ? packLines(['*Latest timeline*', ...timeline], 10, 'more entries') : []),
  ];
  return { text: fallbackText(`${ticket.id} · ${statusLabel(ticket.status)}`), blocks };
}
