import type { BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { ChangeId } from '../../domain/rollout/rollout.js';
import type { Ticket } from '../../domain/ticket.js';
import { claimDecision, decisionOpenTo } from '../../pipeline/hitl/claim-decision.js';
import { decideRollout } from '../../pipeline/rollouts/rollout-decision.js';
import {
  APPROVE,
  type ApprovalRef,
  type DECISION_ACTION_IDS,
  OVERRIDE,
  parseActionValue,
  REJECT,
  REQUEST_CHANGES,
} from '../action-ids.js';
import { overrideModal, rejectModal } from '../blocks/modals.js';
import type { ModalView } from '../blocks/slack-types.js';
import { reportToUser } from '../error-sink.js';
import { requestChangesView } from './changes-runbook.js';
import { refusalText } from './decision-replies.js';
import type { ButtonArgs, Handler, ListenerDeps } from './handler-types.js';
import { type Ephemeral, replyTo } from './private-reply.js';

type DecisionActionId = (typeof DECISION_ACTION_IDS)[number];
type Ctx = ListenerDeps['ctx'];

interface DecisionClick {
  ref: ApprovalRef;
  body: BlockAction;
  client: WebClient;
  say: Ephemeral;
}

/**
 * A button of the approval message (in the thread or on App Home): ack, find its approval, reply
 * privately, report failures with a reference. Everything is checked before anything changes.
 */
function decisionButton(
  actionId: DecisionActionId,
  handle: (deps: ListenerDeps, click: DecisionClick) => Promise<void>,
): Handler<ButtonArgs> {
  return (deps) =>
    async ({ ack, action, body, respond, client }) => {
      await ack();
      const ref = parseActionValue(action.value);
      const say = replyTo(body, respond, client, async () =>
        ref ? (await deps.ctx.tickets.get(ref.id))?.channel : undefined,
      );
      if (!ref)
        return void (await say('This button does not belong to a Warroom approval. Nothing was changed.'));
      try {
        // A change's plan goes through the same approval message: Approve or Reject decide it at once.
        if (ChangeId.safeParse(ref.id).success)
          return void (await decideChangeByButton(deps, actionId, ref.id, say, body.user.id));
        await handle(deps, { ref, body, client, say });
      } catch (error) {
        await say(reportToUser(deps.logger, error, { action: actionId, incident: ref.id }));
      }
    };
}

async function decideChangeByButton(
  { ctx }: ListenerDeps,
  actionId: DecisionActionId,
  changeId: string,
  say: Ephemeral,
  userId: string,
): Promise<void> {
  if (actionId !== APPROVE && actionId !== REJECT)
    return void (await say(`A change's plan is approved or rejected as it stands. Nothing was changed.`));
  const refusal = await decideRollout(ctx, changeId, userId, actionId === APPROVE ? 'approved' : 'rejected');
  if (refusal !== undefined) await say(refusal);
}

/** Approve decides at once. */
export const approveButton = decisionButton(APPROVE, async ({ ctx }, { ref, body, say }) => {
  const result = await claimDecision(ctx, ref.id, ref.round, {
    kind: 'approved',
    by: body.user.id,
    at: ctx.now().toISOString(),
  });
  if (result.kind !== 'accepted') await say(refusalText(ref.id, result));
});

/** Reject, Override and Request changes open a modal whose submission decides. */
function modalButton(
  actionId: Exclude<DecisionActionId, typeof APPROVE>,
  buildModal: (
    ref: ApprovalRef & { prefill?: readonly string[] },
    ticket: Ticket,
    ctx: Ctx,
  ) => Promise<ModalView>,
): Handler<ButtonArgs> {
  return decisionButton(actionId, async ({ ctx }, { ref, body, client, say }) => {
    // Refuse early, before a modal asks for a reason that could not be used anyway.
    // An Override replaces every step: refused unless the person may decide every part of the plan.
    const kind = actionId === OVERRIDE ? 'overridden' : undefined;
    const open = await decisionOpenTo(ctx, ref.id, ref.round, body.user.id, kind);
    if ('refusal' in open) return void (await say(refusalText(ref.id, open.refusal)));
    const prefill =
      actionId === OVERRIDE ? open.ticket.recommendations.map((step) => step.description) : undefined;
    const view = await buildModal({ ...ref, ...(prefill ? { prefill } : {}) }, open.ticket, ctx);
    await client.views.open({ trigger_id: body.trigger_id, view });
  });
}

export const rejectButton = modalButton(REJECT, async (ref) => rejectModal(ref));
export const overrideButton = modalButton(OVERRIDE, async (ref) => overrideModal(ref));
/** Request changes also offers the runbooks that fit the incident, the plan's preselected. */
export const requestChangesButton = modalButton(REQUEST_CHANGES, (ref, ticket, ctx) =>
  requestChangesView(ctx, ref, ticket),
);
