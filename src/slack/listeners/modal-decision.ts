import type { ViewOutput, ViewResponseAction } from '@slack/bolt';
import type { Decision } from '../../domain/approval.js';
import { claimDecision } from '../../pipeline/hitl/claim-decision.js';
import { parseModalMetadata } from '../action-ids.js';
import { modalErrors } from '../blocks/modals.js';
import { reportToUser } from '../error-sink.js';
import { refusalText } from './decision-replies.js';
import type { ListenerDeps } from './handler-types.js';

type Values = ViewOutput['state']['values'];
type Parsed =
  | { error: string }
  /** Messages under several blocks (a param's input each). */
  | { errors: Record<string, string> }
  | { decision: Omit<Decision, 'by' | 'at'> };

interface Submission {
  ack: (response?: ViewResponseAction) => Promise<void>;
  view: ViewOutput;
  userId: string;
  /** Where errors show in the modal. */
  blockId: string;
}

/**
 * A submitted decision modal: invalid input, a refusal or a lost race is answered in the modal
 * itself (`response_action: errors`) and changes nothing; otherwise the decision is claimed.
 */
export async function modalDecision(
  deps: ListenerDeps,
  submission: Submission,
  parse: (values: Values) => Parsed | Promise<Parsed>,
) {
  const { ack, view, userId, blockId } = submission;
  const ref = parseModalMetadata(view.private_metadata);
  if (!ref)
    return ack(
      modalErrors({
        [blockId]: 'This form lost track of its incident: close it and click the button again.',
      }),
    );
  try {
    const parsed = await parse(view.state.values);
    if ('error' in parsed) return ack(modalErrors({ [blockId]: parsed.error }));
    if ('errors' in parsed) return ack(modalErrors(parsed.errors));
    const result = await claimDecision(deps.ctx, ref.id, ref.round, {
      ...parsed.decision,
      by: userId,
      at: deps.ctx.now().toISOString(),
    });
    if (result.kind !== 'accepted') return ack(modalErrors({ [blockId]: refusalText(ref.id, result) }));
    return ack();
  } catch (error) {
    return ack(
      modalErrors({
        [blockId]: reportToUser(deps.logger, error, { modal: view.callback_id, incident: ref.id }),
      }),
    );
  }
}
