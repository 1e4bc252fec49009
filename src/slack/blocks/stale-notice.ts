import { type Status, statusLabel } from '../../domain/status.js';
import { fallbackText, section } from './kit.js';
import type { SlackMessage } from './slack-types.js';
import { escapeAndTruncate } from './text.js';

export interface StaleNoticeView {
  id: string;
  status: Status;
  /** When the incident entered its status (ISO). */
  since: string;
}

/** An incident left in Partially_Resolved or Needs_Followup: one nudge, then it leaves the open list. */
export function staleNotice(view: StaleNoticeView): SlackMessage {
  const id = escapeAndTruncate(view.id, 40);
  const day = view.since.slice(0, 10);
  const text =
    `⏳ *${id}* has been ${statusLabel(view.status)} since ${day} with nobody moving it. ` +
    `It leaves the open list now; \`/incident resolve ${id}\` when the follow-up is done.`;
  return {
    text: fallbackText(`${view.id}: still ${statusLabel(view.status)} since ${day}`),
    blocks: [section(text)],
  };
}
