import type { ViewOutput } from '@slack/bolt';
import { PlanStageOutput } from '../../agents/schemas.js';
import type { Decision } from '../../domain/approval.js';
import type { Ticket } from '../../domain/ticket.js';
import { planStageKey } from '../../pipeline/diagnosis/plan-handler.js';
import {
  askFacts,
  runbookChoiceProblem,
  runbooksFittingTicket,
} from '../../pipeline/diagnosis/runbook-ask.js';
import {
  type ApprovalRef,
  CHANGES_RUNBOOK_BLOCK,
  CHANGES_RUNBOOK_SELECT,
  changesParamBlock,
  KEEP_PLAN_RUNBOOK,
  parseModalMetadata,
} from '../action-ids.js';
import { requestChangesModal } from '../blocks/modals.js';
import type { ModalView } from '../blocks/slack-types.js';
import { reportToUser } from '../error-sink.js';
import type { Handler, ListenerDeps, SelectArgs } from './handler-types.js';
import { runbookOptionModel } from './runbook-fields-model.js';

type Values = ViewOutput['state']['values'];
type Ctx = ListenerDeps['ctx'];

/** The Request changes modal for `ticket`: the fitting runbooks, `selected` one's params shown. */
export async function requestChangesView(
  ctx: Ctx,
  ref: ApprovalRef,
  ticket: Ticket,
  selected?: string,
): Promise<ModalView> {
  const plan = await ctx.stages.output(ref.id, planStageKey(ref.round), PlanStageOutput);
  const planRunbook = plan?.runbook;
  const facts = askFacts(ctx, ticket);
  const runbooks = runbooksFittingTicket(ctx, ticket).map((runbook) =>
    runbookOptionModel(
      runbook,
      facts,
      runbook.id === planRunbook?.runbookId ? planRunbook.params : undefined,
    ),
  );
  return requestChangesModal({
    ...ref,
    runbooks,
    ...(planRunbook ? { planRunbook: planRunbook.runbookId } : {}),
    ...(selected && selected !== KEEP_PLAN_RUNBOOK ? { selected } : {}),
  });
}

/**
 * Choosing a runbook in the open modal: the same view again with that runbook's params, through
 * `views.update` with the view's hash (a view changed meanwhile is left as it is).
 */
export const changesRunbookSelect: Handler<SelectArgs> =
  (deps) =>
  async ({ ack, action, body, client }) => {
    await ack();
    const view = body.view;
    const ref = parseModalMetadata(view?.private_metadata);
    if (view === undefined || ref === undefined) return;
    try {
      const ticket = await deps.ctx.tickets.get(ref.id);
      if (ticket === undefined) return;
      const next = await requestChangesView(deps.ctx, ref, ticket, action.selected_option?.value);
      await client.views.update({ view_id: view.id, hash: view.hash, view: next });
    } catch (error) {
      reportToUser(deps.logger, error, { action: CHANGES_RUNBOOK_SELECT, incident: ref.id });
    }
  };

/** The runbook chosen in a submitted modal, or undefined when the plan's is kept. */
export function chosenRunbookId(values: Values): string | undefined {
  const value = values[CHANGES_RUNBOOK_BLOCK]?.[CHANGES_RUNBOOK_SELECT]?.selected_option?.value;
  return value && value !== KEEP_PLAN_RUNBOOK ? value : undefined;
}

/** The param values typed for `runbookId` (blank ones left to their defaults). */
export function typedParams(values: Values, runbookId: string): Record<string, string> {
  const prefix = changesParamBlock(runbookId, '');
  const params: Record<string, string> = {};
  for (const [blockId, inputs] of Object.entries(values)) {
    if (!blockId.startsWith(prefix)) continue;
    for (const input of Object.values(inputs)) {
      const value = (input.value ?? input.selected_option?.value ?? '').trim();
      if (value !== '') params[blockId.slice(prefix.length)] = value;
    }
  }
  return params;
}

export type RunbookChoice =
  | { ok: true; runbook: NonNullable<Decision['runbook']> }
  | { ok: false; errors: Record<string, string> };

/**
 * The chosen runbook and its typed values, checked exactly as the planner checks them; each
 * refusal goes under the block it is about (a param's own input, else the chooser).
 */
export function checkChosenRunbook(
  ctx: Ctx,
  ticket: Ticket,
  values: Values,
  runbookId: string,
): RunbookChoice {
  const params = typedParams(values, runbookId);
  const problem = runbookChoiceProblem(ctx, ticket, runbookId, new Map(Object.entries(params)));
  if (problem === undefined) return { ok: true, runbook: { id: runbookId, params } };
  const errors: Record<string, string> = {};
  for (const [name, reason] of Object.entries(problem.params)) {
    const blockId = changesParamBlock(runbookId, name);
    // A param with no input (taken from the incident) reports on the chooser.
    const at = values[blockId] === undefined ? CHANGES_RUNBOOK_BLOCK : blockId;
    errors[at] = errors[at] ? `${errors[at]}; ${reason}` : reason;
  }
  if (problem.runbook)
    errors[CHANGES_RUNBOOK_BLOCK] = [errors[CHANGES_RUNBOOK_BLOCK], problem.runbook]
      .filter(Boolean)
      .join('; ');
  return { ok: false, errors };
}
