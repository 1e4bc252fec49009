import { guardOverrideLines } from '../../agents/guard/index.js';
import { runbookAskProblem } from '../../pipeline/diagnosis/runbook-ask.js';
import {
  CHANGES_FEEDBACK_BLOCK,
  CHANGES_FEEDBACK_INPUT,
  OVERRIDE_STEPS_BLOCK,
  OVERRIDE_STEPS_INPUT,
  parseModalMetadata,
  REJECT_REASON_BLOCK,
  REJECT_REASON_INPUT,
} from '../action-ids.js';
import { modalErrors, parseOverrideSteps } from '../blocks/modals.js';
import type { Handler, ListenerDeps, ViewArgs } from './handler-types.js';
import { modalDecision } from './modal-decision.js';

async function askedRunbookProblem(deps: ListenerDeps, view: ViewArgs['view']) {
  const ref = parseModalMetadata(view.private_metadata);
  const feedback = view.state.values[CHANGES_FEEDBACK_BLOCK]?.[CHANGES_FEEDBACK_INPUT]?.value?.trim();
  const ticket = ref && feedback ? await deps.ctx.tickets.get(ref.id) : undefined;
  return ticket && feedback ? runbookAskProblem(deps.ctx, ticket, feedback) : undefined;
}

/** A modal that asks for one required text: a rejection's reason, a change request's feedback. */
function reasonModal(spec: {
  block: string;
  input: string;
  kind: 'rejected' | 'changes_requested';
  missing: string;
}): Handler<ViewArgs> {
  return (deps) =>
    async ({ ack, view, body }) => {
      if (spec.kind === 'changes_requested') {
        // A runbook the text names must fit the incident and take its values: else say so, change nothing.
        const problem = await askedRunbookProblem(deps, view);
        if (problem) return void (await ack(modalErrors({ [spec.block]: problem })));
      }
      await modalDecision(deps, { ack, view, userId: body.user.id, blockId: spec.block }, (values) => {
        const reason = values[spec.block]?.[spec.input]?.value?.trim();
        return reason ? { decision: { kind: spec.kind, reason } } : { error: spec.missing };
      });
    };
}

export const rejectSubmission = reasonModal({
  block: REJECT_REASON_BLOCK,
  input: REJECT_REASON_INPUT,
  kind: 'rejected',
  missing: 'Say why the plan is rejected: the reason goes on the card.',
});

export const requestChangesSubmission = reasonModal({
  block: CHANGES_FEEDBACK_BLOCK,
  input: CHANGES_FEEDBACK_INPUT,
  kind: 'changes_requested',
  missing: 'Tell the crew what to change, e.g. "avoid restart".',
});

/** An override's plan, one step a line; a line the safety guard blocks refuses the whole plan. */
export const overrideSubmission: Handler<ViewArgs> =
  (deps) =>
  async ({ ack, view, body }) => {
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
  };
