import { CAUSE_VERDICT_WORDS, type CauseVerdict } from '../../domain/cause-feedback.js';
import { IncidentId } from '../../domain/incident-id.js';
import { encodeFeedbackValue, RCA_FEEDBACK, RCA_FEEDBACK_BLOCK } from '../action-ids.js';
import { plain } from './kit.js';
import { LIMITS } from './limits.js';
import type { ContextActionsBlock } from './slack-types.js';

function feedbackButton(incidentId: string, verdict: CauseVerdict) {
  const label = `The root cause of ${incidentId} is ${verdict}`;
  return {
    text: plain(CAUSE_VERDICT_WORDS[verdict], LIMITS.buttonText),
    value: encodeFeedbackValue(incidentId, verdict),
    accessibility_label: label.slice(0, LIMITS.buttonText),
  };
}

/**
 * Slack's feedback buttons under the root-cause analysis: "Right cause" / "Wrong cause". Anyone's
 * click is recorded; an approver's teaches the crew (see pipeline/hitl/cause-feedback.ts). None
 * for a view whose id is no incident's: there would be nothing to record the click on.
 */
export function rcaFeedbackBlocks(incidentId: string): ContextActionsBlock[] {
  if (!IncidentId.safeParse(incidentId).success) return [];
  const block: ContextActionsBlock = {
    type: 'context_actions',
    block_id: RCA_FEEDBACK_BLOCK,
    elements: [
      {
        type: 'feedback_buttons',
        action_id: RCA_FEEDBACK,
        positive_button: feedbackButton(incidentId, 'right'),
        negative_button: feedbackButton(incidentId, 'wrong'),
      },
    ],
  };
  return [block];
}
