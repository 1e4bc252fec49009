import type { DecisionKind } from '../../domain/approval.js';
import { type Status, statusLabel } from '../../domain/status.js';
import type { ClaimResult } from '../../pipeline/hitl/claim-decision.js';
import { mention } from '../blocks/text.js';

const PAST_TENSE: Record<DecisionKind, string> = {
  approved: 'approved',
  rejected: 'rejected',
  overridden: 'overridden',
  changes_requested: 'sent back for changes',
  timed_out: 'timed out',
  auto: 'remediated automatically',
};

const partNames = (parts: ReadonlyArray<{ services: readonly string[] }>) =>
  parts.flatMap((part) => part.services).join(', ');

/** What a person is told when their decision did not apply (or not yet in full). Pure; every answer says what to do. */
export function refusalText(incidentId: string, result: Exclude<ClaimResult, { kind: 'accepted' }>): string {
  switch (result.kind) {
    case 'partial': {
      const waiting = result.waiting.map(
        (part) =>
          `${part.services.join(', ')} (${part.approvers.length > 0 ? part.approvers.map(mention).join(', ') : 'anyone'})`,
      );
      return `You approved the steps on ${partNames(result.approved)} for ${incidentId}. Nothing runs until every service's steps are approved: still waiting for ${waiting.join('; ')}.`;
    }
    case 'not_allowed': {
      const who = result.approvers.map(mention).join(', ');
      const unread = (result.unreadable ?? []).map(
        ({ group, reason }) => ` Could not check whether you belong to ${mention(group)}: ${reason}.`,
      );
      return `Only approvers can decide on ${incidentId}: ${who}.${unread.join('')} Nothing was changed; ask one of them.`;
    }
    case 'closed':
      return `${incidentId} is already ${statusLabel(result.status as Status)}: there is nothing left to decide.`;
    case 'already_decided': {
      const decision = result.round.decision;
      const how = decision ? PAST_TENSE[decision.kind] : 'decided';
      const by = decision?.by ? ` by <@${decision.by}>` : '';
      return `${incidentId} was already ${how}${by}. Your click changed nothing.`;
    }
    case 'superseded':
      return `This plan for ${incidentId} was replaced by a newer round: use the latest approval message in the thread.`;
    case 'unknown_round':
      return `There is no open approval for ${incidentId} on this message. Nothing was changed.`;
  }
}
