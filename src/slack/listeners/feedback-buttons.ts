import { CAUSE_VERDICT_WORDS } from '../../domain/cause-feedback.js';
import { type CauseFeedbackResult, recordCauseFeedback } from '../../pipeline/hitl/cause-feedback.js';
import { parseFeedbackValue } from '../action-ids.js';
import { mention } from '../blocks/text.js';
import type { FeedbackArgs, Handler } from './handler-types.js';
import { incidentClick } from './incident-click.js';

const quoted = (verdict: keyof typeof CAUSE_VERDICT_WORDS) => `“${CAUSE_VERDICT_WORDS[verdict]}”`;

/** What the person who clicked is told, privately. Pure. */
export function feedbackReplyText(incidentId: string, result: CauseFeedbackResult): string {
  switch (result.kind) {
    case 'unknown_incident':
      return `${incidentId} no longer exists in Warroom (closed incidents are removed after their retention period). Your feedback was not recorded.`;
    case 'no_root_cause':
      return `${incidentId} has no root cause on record yet. Nothing was recorded; try again once the analysis is in the thread.`;
    case 'recorded': {
      const said = quoted(result.verdict);
      const replacing =
        result.replaced === undefined
          ? ''
          : result.replaced === result.verdict
            ? result.counted
              ? ' (as before: it counts once)'
              : ' (as before)'
            : `, replacing your ${quoted(result.replaced)}`;
      if (result.counted) {
        return `Recorded ${said} on ${incidentId}${replacing}. It teaches the crew how far to trust this diagnosis next time, and shows in the postmortem.`;
      }
      const who = result.approvers.map(mention).join(', ');
      const unread = result.unreadable.map(
        ({ group, reason }) => ` Could not check whether you belong to ${mention(group)}: ${reason}.`,
      );
      return `Recorded ${said} on ${incidentId}${replacing}: it shows in the postmortem. Only approvers' feedback teaches the crew (${who}), so yours does not change the confidence Warroom gives this diagnosis.${unread.join('')}`;
    }
  }
}

/**
 * "Right cause" / "Wrong cause" under the RCA: ack at once, record, answer privately. Anyone may
 * click; the pipeline decides whether the click teaches the crew.
 */
export const rcaFeedbackButtons: Handler<FeedbackArgs> = incidentClick(
  async ({ ctx }, action, user) => {
    const ref = parseFeedbackValue(action.value);
    if (!ref) return 'These buttons do not belong to a Warroom root cause. Nothing was recorded.';
    return feedbackReplyText(ref.id, await recordCauseFeedback(ctx, ref.id, user, ref.verdict));
  },
  (action) => parseFeedbackValue(action.value)?.id,
);
