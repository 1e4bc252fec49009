import { fallbackText, section } from './kit.js';
import type { SlackMessage } from './slack-types.js';
import { escapeAndTruncate } from './text.js';

export interface AlertsView {
  id: string;
  total: number;
  firing: number;
  resolved: number;
  deliveries: number;
  /** Every alert resolved at its source while the incident stays open (a decision is pending). */
  resolvedButOpen?: boolean;
}

/** One message per incident, updated in place: never one message per alert. */
export function alertsNotice(view: AlertsView): SlackMessage {
  const id = escapeAndTruncate(view.id, 40);
  const joined = Math.max(0, view.total - 1);
  const lines = [
    `📣 *+${joined} alert${joined === 1 ? '' : 's'} correlated* into ${id} · ${view.firing} firing, ${view.resolved} resolved · ${view.deliveries} deliveries`,
  ];
  if (view.total > 0 && view.firing === 0) {
    lines.push(
      view.resolvedButOpen
        ? `✅ All ${view.total} alerts resolved at source. A decision is pending, so ${id} stays open: decide, or \`/incident resolve ${id}\`.`
        : `✅ All ${view.total} alerts resolved at source.`,
    );
  }
  return {
    text: fallbackText(`${view.id}: +${joined} alerts correlated`),
    blocks: [section(lines.join('\n'))],
  };
}
