import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { guardOverrideLines } from '../../agents/guard/index.js';
import { claimDecision, decisionOpenTo } from '../../pipeline/hitl/claim-decision.js';
import {
  APPROVE,
  type ApprovalRef,
  CHANGES_FEEDBACK_BLOCK,
  CHANGES_FEEDBACK_INPUT,
  OVERRIDE,
  OVERRIDE_MODAL,
  OVERRIDE_STEPS_BLOCK,
  OVERRIDE_STEPS_INPUT,
  parseActionValue,
  REJECT,
  REJECT_MODAL,
  REJECT_REASON_BLOCK,
  REJECT_REASON_INPUT,
  REQUEST_CHANGES,
  REQUEST_CHANGES_MODAL,
} from '../action-ids.js';
import { actionIdPattern } from '../blocks/home.js';
import { overrideModal, parseOverrideSteps, rejectModal, requestChangesModal } from '../blocks/modals.js';
import { reportToUser } from '../error-sink.js';
import { refusalText } from './decision-replies.js';
import type { ListenerDeps } from './inject-listener.js';
import { modalDecision } from './modal-decision.js';
import { type Ephemeral, replyTo } from './private-reply.js';

/**
 * The approval message's four buttons. Approve decides at once; the other three open a modal
 * whose submission decides. Everything is checked before anything changes.
 */
export function registerApprovalActions(app: App, deps: ListenerDeps): void {
  const { ctx } = deps;

  /** Every decision button: ack, find its approval, reply privately, report failures with a ref. */
  const onDecisionButton = (
    actionId: string,
    handle: (click: {
      ref: ApprovalRef;
      body: BlockAction;
      client: WebClient;
      say: Ephemeral;
    }) => Promise<void>,
  ) => {
    app.action<BlockAction<ButtonAction>>(
      actionIdPattern(actionId),
      async ({ ack, action, body, respond, client }) => {
        await ack();
        const ref = parseActionValue(action.value);
        const say = replyTo(body, respond, client, async () =>
          ref ? (await ctx.tickets.get(ref.id))?.channel : undefined,
        );
        if (!ref)
          return void (await say('This button does not belong to a Warroom approval. Nothing was changed.'));
        try {
          await handle({ ref, body, client, say });
        } catch (error) {
          await say(reportToUser(deps.logger, error, { action: actionId, incident: ref.id }));
        }
      },
    );
  };

  onDecisionButton(APPROVE, async ({ ref, body, say }) => {
    const result = await claimDecision(ctx, ref.id, ref.round, {
      kind: 'approved',
      by: body.user.id,
      at: ctx.now().toISOString(),
    });
    if (result.kind !== 'accepted') await say(refusalText(ref.id, result));
  });

  const MODALS = {
    [REJECT]: rejectModal,
    [OVERRIDE]: overrideModal,
    [REQUEST_CHANGES]: requestChangesModal,
  } as const;

  for (const [actionId, buildModal] of Object.entries(MODALS)) {
    onDecisionButton(actionId, async ({ ref, body, client, say }) => {
      // Refuse early, before a modal asks for a reason that could not be used anyway.
      const kind = actionId === OVERRIDE ? 'overridden' : undefined;
      const open = await decisionOpenTo(ctx, ref.id, ref.round, body.user.id, kind);
      if ('refusal' in open) return void (await say(refusalText(ref.id, open.refusal)));
      const prefill =
        actionId === OVERRIDE ? open.ticket.recommendations.map((step) => step.description) : undefined;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildModal({ ...ref, ...(prefill ? { prefill } : {}) }),
      });
    });
  }

  // The two modals that ask for one required text: a rejection's reason, a change request's feedback.
  const REASON_MODALS = [
    {
      callbackId: REJECT_MODAL,
      block: REJECT_REASON_BLOCK,
      input: REJECT_REASON_INPUT,
      kind: 'rejected',
      missing: 'Say why the plan is rejected: the reason goes on the card.',
    },
    {
      callbackId: REQUEST_CHANGES_MODAL,
      block: CHANGES_FEEDBACK_BLOCK,
      input: CHANGES_FEEDBACK_INPUT,
      kind: 'changes_requested',
      missing: 'Tell the crew what to change, e.g. "avoid restart".',
    },
  ] as const;
  for (const modal of REASON_MODALS) {
    app.view<ViewSubmitAction>(modal.callbackId, async ({ ack, view, body }) => {
      await modalDecision(deps, { ack, view, userId: body.user.id, blockId: modal.block }, (values) => {
        const reason = values[modal.block]?.[modal.input]?.value?.trim();
        return reason ? { decision: { kind: modal.kind, reason } } : { error: modal.missing };
      });
    });
  }

  app.view<ViewSubmitAction>(OVERRIDE_MODAL, async ({ ack, view, body }) => {
    await modalDecision(
      deps,
      { ack, view, userId: body.user.id, blockId: OVERRIDE_STEPS_BLOCK },
      (values) => {
        const steps = parseOverrideSteps(values[OVERRIDE_STEPS_BLOCK]?.[OVERRIDE_STEPS_INPUT]?.value ?? '');
        if (steps.length === 0) return { error: 'Write your plan, one step a line.' };
        const report = guardOverrideLines(steps);
        const blocked = report.findings.filter((finding) => finding.verdict === 'block');
        if (blocked.length > 0) {
          const why = blocked.map(
            (finding) => `line ${finding.line ?? '?'}: ${finding.reason} (${finding.ruleId})`,
          );
          return { error: `Blocked by the safety guard, nothing was run. ${why.join('; ')}` };
        }
        return { decision: { kind: 'overridden', steps } };
      },
    );
  });
}
