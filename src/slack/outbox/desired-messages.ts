import { isUserGroup } from '../../domain/approver-verdict.js';
import { changeLine } from '../../domain/change.js';
import { confidenceBand } from '../../domain/confidence.js';
import { openRoomOf } from '../../domain/incident-room.js';
import { isClosed } from '../../domain/status.js';
import { alertsNotice } from '../blocks/alert-notices.js';
import { cardMessage } from '../blocks/card.js';
import { falsePositiveNotice, unreadableGroupsNotice } from '../blocks/hitl-notices.js';
import { duplicateNotice } from '../blocks/notices.js';
import { progressLine, progressMessage } from '../blocks/progress.js';
import { rcaMessage } from '../blocks/rca.js';
import { type RoomNoticeView, roomNoticeMessage, roomSummaryMessage } from '../blocks/room.js';
import { staleNotice } from '../blocks/stale-notice.js';
import type { DesiredMessage } from './desired-message.js';
import { approvalMessages, remediationMessages } from './hitl-messages.js';
import type { IncidentSnapshot } from './incident-snapshot.js';
import { MESSAGE_KEYS } from './message-keys.js';
import { promqlSources } from './promql-sources.js';

/**
 * Until the crew has routed its first plan, the decision a person will make is on its way: the
 * card shows the diagnosis's progress and the thread posts nothing the approval message would
 * then have to follow (see `mayPostBeforeDecision`).
 */
export function decisionPending(snapshot: IncidentSnapshot): boolean {
  const { status } = snapshot.ticket;
  return (
    snapshot.book.rounds.length === 0 && (status === 'Diagnosing' || status === 'Remediation_Recommended')
  );
}

/**
 * What the channel and thread should show for this state, in thread order: the card, the first
 * approval message (root cause, confidence, steps, guard, dry run, buttons), then what explains
 * it (RCA and chart, the diagnosis's checklist), later rounds and remediation. Pure: the outbox
 * compares it with what Slack shows and sends only the difference.
 */
export function desiredMessages(
  snapshot: IncidentSnapshot,
  now: Date,
  links: { prometheusUrl?: string | undefined } = {},
): DesiredMessage[] {
  const { ticket } = snapshot;
  const [firstRound, ...laterRounds] = snapshot.rounds;
  const room = openRoomOf(ticket);
  const card = (roomChannel?: string) =>
    cardMessage({
      id: ticket.id,
      sev: ticket.sev,
      status: ticket.status,
      system: ticket.system,
      issue: ticket.issue,
      openedAt: ticket.createdAt,
      now: now.toISOString(),
      ...(ticket.confidence ? { confidence: ticket.confidence } : {}),
      ...(ticket.rca ? { rootCause: ticket.rca.summary } : {}),
      ...(ticket.resolution ? { resolution: ticket.resolution } : {}),
      ...(ticket.parent ? { parent: ticket.parent } : {}),
      ...(snapshot.alerts.total > 1 ? { alertCount: snapshot.alerts.total } : {}),
      escalated: snapshot.book.rounds.some((round) => round.route === 'escalate'),
      killSwitch: snapshot.killSwitch && !isClosed(ticket.status),
      ...(ticket.silenced ? { silenced: ticket.silenced } : {}),
      ...(snapshot.paged ? { paged: snapshot.paged } : {}),
      ...(ticket.changes && ticket.changes.length > 0
        ? {
            changes: ticket.changes.map((change) => ({
              line: changeLine(change, ticket.createdAt),
              ...(change.url ? { url: change.url } : {}),
            })),
          }
        : {}),
      ...(ticket.roles ? { roles: ticket.roles } : {}),
      ...(roomChannel ? { roomChannel } : {}),
      ...(decisionPending(snapshot) ? { progress: progressLine(snapshot.runs, 'diagnosis') } : {}),
    });
  const messages: DesiredMessage[] = [
    { key: MESSAGE_KEYS.card, placement: 'root', message: card(room?.channel) },
    ...(room ? [{ key: MESSAGE_KEYS.roomCard, placement: 'room-root' as const, message: card() }] : []),
    // The decision first, then what about the incident channel fell back.
    ...(firstRound ? approvalMessages(snapshot, firstRound) : []),
    ...roomNotice(ticket),
  ];

  if (ticket.status === 'Duplicate' && ticket.parent) {
    messages.push({
      key: MESSAGE_KEYS.duplicate,
      placement: 'thread',
      message: duplicateNotice({
        id: ticket.id,
        parent: ticket.parent,
        reason: 'same fingerprint as an open incident',
      }),
    });
  }

  if (snapshot.alerts.total > 1 || (snapshot.alerts.total > 0 && snapshot.alerts.firing === 0)) {
    messages.push({
      key: MESSAGE_KEYS.alerts,
      placement: 'thread',
      message: alertsNotice({
        id: ticket.id,
        ...snapshot.alerts,
        resolvedButOpen: !isClosed(ticket.status),
      }),
    });
  }

  if (snapshot.falsePositive && (ticket.status === 'False_Positive' || ticket.reopenedBy)) {
    messages.push({
      key: MESSAGE_KEYS.falsePositive,
      placement: 'thread',
      message: falsePositiveNotice({
        id: ticket.id,
        confidence: snapshot.falsePositive.confidence,
        evidence: snapshot.falsePositive.evidence,
        ...(ticket.reopenedBy ? { reopenedBy: ticket.reopenedBy } : {}),
      }),
    });
  }

  if (snapshot.rca) {
    messages.push({
      key: MESSAGE_KEYS.rca,
      placement: 'thread',
      message: rcaMessage({
        id: ticket.id,
        rootService: snapshot.rca.rootService,
        fault: snapshot.rca.fault,
        summary: snapshot.rca.summary,
        evidence: [
          ...(snapshot.chart ? [snapshot.chart.line] : []),
          ...snapshot.rca.evidence,
          ...snapshot.telemetryNotes.map((note) => `⚠️ telemetry: ${note}`),
        ],
        confidence: { score: snapshot.rca.confidence, band: confidenceBand(snapshot.rca.confidence) },
        explains: snapshot.rca.explains,
        findings: snapshot.specialists.map((output) => ({
          specialist: output.kind,
          summary: output.summary,
        })),
      }),
    });
  }

  messages.push({
    key: MESSAGE_KEYS.progress,
    placement: 'thread',
    message: progressMessage({
      id: ticket.id,
      phase: 'diagnosis',
      stages: snapshot.runs,
      now: now.toISOString(),
      ...modelUsageLine(snapshot.runs),
      sources: { rca: promqlSources(snapshot.rca?.evidence ?? [], links.prometheusUrl) },
    }),
  });
  for (const review of laterRounds) messages.push(...approvalMessages(snapshot, review));
  const unreadable = snapshot.book.unreadableGroups ?? [];
  if (unreadable.length > 0) {
    messages.push({
      key: MESSAGE_KEYS.approverGroups,
      placement: 'thread',
      message: unreadableGroupsNotice({
        id: ticket.id,
        groups: unreadable,
        stillAllowed: [
          ...new Set([...snapshot.approvers.filter((id) => !isUserGroup(id)), ...snapshot.globalApprovers]),
        ],
      }),
    });
  }
  messages.push(...remediationMessages(snapshot, now));
  messages.push(...roomSummary(snapshot));
  if (ticket.staleRemindedAt && !isClosed(ticket.status)) {
    messages.push({
      key: MESSAGE_KEYS.staleReminder,
      placement: 'thread',
      message: staleNotice({ id: ticket.id, status: ticket.status, since: enteredStatusAt(ticket) }),
    });
  }
  return messages;
}

/** What about the incident channel fell back to the thread, said once (updated if more falls back). */
function roomNotice(ticket: IncidentSnapshot['ticket']): DesiredMessage[] {
  const { room } = ticket;
  if (!room) return [];
  const refusals: Omit<RoomNoticeView, 'id'> =
    room.state === 'fallback' ? { channel: room.reason } : { ...room.refused };
  if (!refusals.channel && !refusals.canvas && !refusals.archive) return [];
  return [
    {
      key: MESSAGE_KEYS.roomNotice,
      placement: 'thread',
      message: roomNoticeMessage({ id: ticket.id, ...refusals }),
    },
  ];
}

/** The close, in the main channel's thread, once the incident that had its own channel is over. */
function roomSummary(snapshot: IncidentSnapshot): DesiredMessage[] {
  const { ticket } = snapshot;
  const room = openRoomOf(ticket);
  if (!room || !isClosed(ticket.status)) return [];
  return [
    {
      key: MESSAGE_KEYS.roomSummary,
      placement: 'main-thread',
      message: roomSummaryMessage({
        id: ticket.id,
        status: ticket.status,
        openedAt: ticket.createdAt,
        closedAt: enteredStatusAt(ticket),
        roomChannel: room.channel,
        ...(ticket.resolution ? { resolution: ticket.resolution } : {}),
        ...(ticket.roles ? { roles: ticket.roles } : {}),
        canvas: snapshot.postmortem !== undefined && !room.refused?.canvas,
        ...(snapshot.roomArchiveAt ? { archiveAt: snapshot.roomArchiveAt } : {}),
        archived: room.archivedAt !== undefined,
      }),
    },
  ];
}

function enteredStatusAt(ticket: IncidentSnapshot['ticket']): string {
  return ticket.history.findLast((entry) => entry.to === ticket.status)?.at ?? ticket.updatedAt;
}

/** "model: 6 of 8 stages (2 fell back to rules) · 5,405 tokens · 2.4 s": cost and speed in view. */
function modelUsageLine(runs: IncidentSnapshot['runs']): { modelUsage?: string } {
  const judged = runs.filter((run) => run.engine !== undefined);
  const asked = judged.filter((run) => run.engine === 'model' || run.fallbackReason || run.tokens);
  if (asked.length === 0) return {};
  const byModel = judged.filter((run) => run.engine === 'model').length;
  const fellBack = judged.filter((run) => run.fallbackReason).length;
  const tokens = judged.reduce((sum, run) => sum + (run.tokens ?? 0), 0);
  const seconds = judged.reduce((sum, run) => sum + (run.latencyMs ?? 0), 0) / 1000;
  const fallback = fellBack > 0 ? ` (${fellBack} fell back to rules)` : '';
  return {
    modelUsage: `model: ${byModel} of ${judged.length} stages${fallback} · ${tokens.toLocaleString('en-US')} tokens · ${seconds.toFixed(1)} s`,
  };
}
