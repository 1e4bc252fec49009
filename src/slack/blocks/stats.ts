import type { IncidentStats } from '../../domain/incident-stats.js';
import { STATUSES, statusLabel } from '../../domain/status.js';
import { context, fallbackText, fieldsSection, section } from './kit.js';
import { STATUS_EMOJI } from './labels.js';
import type { SlackMessage } from './slack-types.js';
import { escapeAndTruncate, formatDuration, oneLine } from './text.js';

/** A figure nothing measured reads "n/a", never NaN or 0. */
export function formatMean(ms: number | null): string {
  return ms === null ? 'n/a' : formatDuration(ms);
}

export function formatShare(share: number | null): string {
  return share === null ? 'n/a' : `${Math.round(share * 100)}%`;
}

function formatRatio(ratio: number | null): string {
  return ratio === null ? 'n/a' : String(Math.round(ratio * 10) / 10);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The figures as label/value pairs for a fields section (eight: within Slack's ten). */
export function statsFields(stats: IncidentStats): string[] {
  const decisions = plural(stats.humanDecisions, 'decision');
  return [
    `*Incidents*\n${stats.incidents} (${stats.open} open)`,
    `*Alerts per incident*\n${formatRatio(stats.alertsPerIncident)} (${plural(stats.alerts, 'alert')})`,
    `*Mean time to acknowledge*\n${formatMean(stats.meanTimeToAcknowledgeMs)}`,
    `*Mean time to resolve*\n${formatMean(stats.meanTimeToResolveMs)}`,
    `*Mean approval wait*\n${formatMean(stats.meanApprovalWaitMs)}`,
    `*Remediated automatically*\n${formatShare(stats.autoRemediatedShare)}`,
    `*Approval rate*\n${formatShare(stats.approvalRate)} of ${decisions}`,
    `*Rejection rate*\n${formatShare(stats.rejectionRate)} of ${decisions}`,
  ];
}

/** "✅ Resolved 3 · 🔁 Duplicate 1": only the statuses that occur. */
export function statusCountsLine(stats: IncidentStats): string {
  const counts = STATUSES.filter((status) => stats.byStatus[status] > 0).map(
    (status) => `${STATUS_EMOJI[status]} ${statusLabel(status)} ${stats.byStatus[status]}`,
  );
  return counts.length > 0 ? counts.join(' · ') : 'No incidents in this window.';
}

export const STATS_DEFINITIONS =
  'Acknowledge: opening → first decision by a person · Resolve: opening → Resolved · ' +
  'Approval wait: ask → decision · Rates: among decisions people made';

/** The ephemeral answer to `/incident stats [24h|7d]`. */
export function statsMessage(stats: IncidentStats, windowLabel: string): SlackMessage {
  const label = escapeAndTruncate(oneLine(windowLabel), 60);
  const summary = [
    `${plural(stats.incidents, 'incident')} (${stats.open} open)`,
    `MTTA ${formatMean(stats.meanTimeToAcknowledgeMs)}`,
    `MTTR ${formatMean(stats.meanTimeToResolveMs)}`,
    `${formatRatio(stats.alertsPerIncident)} alerts per incident`,
    `${formatShare(stats.autoRemediatedShare)} remediated automatically`,
    `approvals ${formatShare(stats.approvalRate)}, rejections ${formatShare(stats.rejectionRate)}`,
  ].join(', ');
  return {
    text: fallbackText(`Incident stats, ${label}: ${summary}`),
    blocks: [
      section(`📊 *Incident stats · ${label}*`),
      fieldsSection(statsFields(stats)),
      section(`*By status*\n${statusCountsLine(stats)}`),
      context([
        `${stats.from.slice(0, 16).replace('T', ' ')} → ${stats.to.slice(0, 16).replace('T', ' ')} UTC`,
        STATS_DEFINITIONS,
      ]),
    ],
  };
}
