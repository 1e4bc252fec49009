import type { ApprovalRound } from '../../domain/approval.js';
import { confidenceBand } from '../../domain/confidence.js';
import { leadFirst } from '../../domain/incident-room.js';
import { isClosed } from '../../domain/status.js';
import type { ApprovalState } from '../blocks/approval.js';
import { type ApprovalView, approvalMessage } from '../blocks/approval.js';
import { manualChecklist, reminderNotice } from '../blocks/hitl-notices.js';
import { resolutionNotice } from '../blocks/notices.js';
import { postmortemMessage } from '../blocks/postmortem.js';
import { postmortemMarkdown } from '../blocks/postmortem-text.js';
import { progressMessage } from '../blocks/progress.js';
import { stepApprovalMessage } from '../blocks/step-approval.js';
import type { DesiredMessage } from './desired-message.js';
import type { IncidentSnapshot, RoundReview } from './incident-snapshot.js';
import { approvalKey, MESSAGE_KEYS, reminderKey, stepApprovalKey } from './message-keys.js';

/** What an approval round shows: pending, decided (by whom, how) or superseded by a later round. */
export function approvalState(entry: ApprovalRound, book: IncidentSnapshot['book']): ApprovalState {
  const next = book.rounds.find((other) => other.round > entry.round);
  // A round sent back for changes is superseded once the new plan's round opens.
  if (entry.state === 'superseded' || (next && entry.decision?.kind === 'changes_requested')) {
    return { kind: 'superseded', byRound: next?.round ?? entry.round + 1 };
  }
  if (entry.state === 'decided' && entry.decision) {
    const { decision } = entry;
    return {
      kind: 'decided',
      decision: decision.kind,
      at: decision.at,
      ...(decision.by ? { by: decision.by } : {}),
      ...(decision.reason
        ? { reason: decision.reason }
        : decision.steps
          ? { reason: decision.steps.join('; ') }
          : {}),
    };
  }
  return entry.lost?.length ? { kind: 'pending', askedAgain: true } : { kind: 'pending' };
}

/** Who decides each part of the plan and who has, when its services have different approvers. */
function partsOf(snapshot: IncidentSnapshot, entry: ApprovalRound): Pick<ApprovalView, 'parts'> {
  const parts = snapshot.partsByRound.get(entry.round) ?? [];
  if (parts.length < 2) return {};
  return {
    parts: parts.map((part) => {
      const by = entry.partApprovals?.find((approval) => approval.part === part.key)?.by;
      return { services: part.services, approvers: part.approvers, ...(by ? { approvedBy: by } : {}) };
    }),
  };
}

/** The approval message of one round, and its reminder once one was sent. */
export function approvalMessages(snapshot: IncidentSnapshot, review: RoundReview): DesiredMessage[] {
  const { ticket } = snapshot;
  const entry = snapshot.book.rounds.find((candidate) => candidate.round === review.round);
  if (!entry || !review.route) return [];
  const score = review.route.confidence;
  const messages: DesiredMessage[] = [
    {
      key: approvalKey(review.round),
      placement: 'thread',
      message: approvalMessage({
        id: ticket.id,
        round: review.round,
        sev: ticket.sev,
        rootCause: ticket.rca?.summary ?? 'unknown',
        confidence: {
          score,
          band: confidenceBand(score),
          ...(review.route.adjustment ? { adjustment: review.route.adjustment } : {}),
        },
        planSummary: review.plan.summary,
        actions: review.plan.actions,
        ...(review.guard ? { guard: review.guard } : {}),
        ...(review.dryRun ? { dryRun: review.dryRun } : {}),
        state: approvalState(entry, snapshot.book),
        killSwitch: snapshot.killSwitch && !isClosed(ticket.status),
        ...(entry.route === 'escalate'
          ? { approversMention: leadFirst(snapshot.approvers, ticket.roles?.lead) }
          : {}),
        ...partsOf(snapshot, entry),
      }),
    },
  ];
  if (entry.remindedAt) {
    messages.push({
      key: reminderKey(review.round),
      placement: 'thread',
      message: reminderNotice({
        id: ticket.id,
        round: review.round,
        approvers: leadFirst(snapshot.approvers, ticket.roles?.lead),
        remainingMs: Math.max(0, Date.parse(entry.expiresAt) - Date.parse(entry.remindedAt)),
      }),
    });
  }
  return messages;
}

/** After a decision: the remediation checklist, manual steps, and the outcome. */
export function remediationMessages(snapshot: IncidentSnapshot, now: Date): DesiredMessage[] {
  const { ticket } = snapshot;
  const messages: DesiredMessage[] = [];
  if (snapshot.runs.some((run) => run.phase === 'remediation')) {
    messages.push({
      key: MESSAGE_KEYS.remediation,
      placement: 'thread',
      message: progressMessage({
        id: ticket.id,
        phase: 'remediation',
        stages: snapshot.runs,
        now: now.toISOString(),
        ...(snapshot.killSwitch
          ? { note: 'Kill switch is on: remediation waits until it is turned off.' }
          : {}),
      }),
    });
  }
  for (const { request, decision } of snapshot.stepApprovals) {
    messages.push({
      key: stepApprovalKey(request.round, request.stepId),
      placement: 'thread',
      message: stepApprovalMessage({
        id: ticket.id,
        ...request,
        approvers: snapshot.approvers,
        ...(decision ? { decision } : {}),
      }),
    });
  }
  const manual = ticket.recommendations.filter((action) => action.kind === 'manual');
  if (manual.length > 0 && (ticket.status === 'Remediating' || snapshot.fixes.length > 0)) {
    messages.push({
      key: MESSAGE_KEYS.manual,
      placement: 'thread',
      message: manualChecklist({
        id: ticket.id,
        steps: manual.map((action) => ({
          actionId: action.id,
          description: action.description,
          done: snapshot.manualDone.has(action.id),
        })),
      }),
    });
  }
  const closedByCrew = ['Resolved', 'Partially_Resolved', 'Needs_Followup', 'Rejected'].includes(
    ticket.status,
  );
  if (
    closedByCrew &&
    ticket.resolution &&
    (isClosed(ticket.status) || snapshot.verdict || ticket.status === 'Needs_Followup')
  ) {
    const steps = snapshot.fixes.flatMap((fix) =>
      fix.steps.map((step) => ({
        description: `${step.actionId}: ${step.log.at(-1) ?? step.outcome}`,
        outcome:
          step.outcome === 'applied'
            ? ('done' as const)
            : step.outcome === 'rolled_back'
              ? ('failed' as const)
              : ('skipped' as const),
      })),
    );
    messages.push({
      key: MESSAGE_KEYS.resolution,
      placement: 'thread',
      message: resolutionNotice({
        id: ticket.id,
        status: ticket.status,
        resolution: ticket.resolution,
        openedAt: ticket.createdAt,
        now: now.toISOString(),
        ...(steps.length > 0 ? { steps } : {}),
        ...(snapshot.verdict ? { verified: snapshot.verdict.checks.join('; ') } : {}),
      }),
    });
  }
  if (snapshot.postmortem) {
    messages.push({
      key: MESSAGE_KEYS.postmortem,
      placement: 'thread',
      message: postmortemMessage(ticket.id, postmortemMarkdown(snapshot.postmortem)),
    });
  }
  return messages;
}
