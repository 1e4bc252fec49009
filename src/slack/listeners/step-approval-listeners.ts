import { decideStep, type StepDecisionResult } from '../../pipeline/hitl/step-decision.js';
import { parseStepActionValue, STEP_APPROVE, STEP_REJECT } from '../action-ids.js';
import { reportToUser } from '../error-sink.js';
import { refusalText } from './decision-replies.js';
import type { ButtonArgs, Handler } from './handler-types.js';
import { replyTo } from './private-reply.js';

/** What a person is told when their step decision did not apply. Pure. */
export function stepRefusalText(incidentId: string, stepId: string, result: StepDecisionResult): string {
  switch (result.kind) {
    case 'accepted':
      return '';
    case 'not_allowed':
    case 'closed':
      return refusalText(incidentId, result);
    case 'unknown_step':
      return `Step ${stepId} of ${incidentId} is not waiting for an approval. Nothing was changed.`;
    case 'already_decided': {
      const how = result.decision.kind.replace('_', ' ');
      const by = result.decision.by ? ` by <@${result.decision.by}>` : '';
      return `Step ${stepId} of ${incidentId} was already ${how}${by}. Your click changed nothing.`;
    }
  }
}

/**
 * A `per-step` runbook step's Approve or Reject: the same approvers as the plan's, the first
 * decision wins, and anyone refused gets a private answer. The paused runbook picks it up.
 */
function stepDecisionButton(
  actionId: typeof STEP_APPROVE | typeof STEP_REJECT,
  kind: 'approved' | 'rejected',
): Handler<ButtonArgs> {
  return (deps) =>
    async ({ ack, action, body, respond, client }) => {
      await ack();
      const { ctx } = deps;
      const ref = parseStepActionValue(action.value);
      const say = replyTo(body, respond, client, async () =>
        ref ? (await ctx.tickets.get(ref.id))?.channel : undefined,
      );
      if (!ref)
        return void (await say(
          'This button does not belong to a Warroom step approval. Nothing was changed.',
        ));
      try {
        const result = await decideStep(
          ctx,
          { incidentId: ref.id, round: ref.round, stepId: ref.stepId },
          { kind, by: body.user.id },
        );
        if (result.kind !== 'accepted') await say(stepRefusalText(ref.id, ref.stepId, result));
      } catch (error) {
        await say(reportToUser(deps.logger, error, { action: actionId, incident: ref.id }));
      }
    };
}

export const stepApproveButton = stepDecisionButton(STEP_APPROVE, 'approved');
export const stepRejectButton = stepDecisionButton(STEP_REJECT, 'rejected');
