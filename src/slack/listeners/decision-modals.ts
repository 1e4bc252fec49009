import { guardOverrideLines } from '../../agents/guard/index.js';
import { runbookAskProblem } from '../../pipeline/diagnosis/runbook-ask.js';
import {
  CHANGES_FEEDBACK_BLOCK,
  CHANGES_FEEDBACK_INPUT,
  CHANGES_RUNBOOK_BLOCK,
  OVERRIDE_STEPS_BLOCK,
  OVERRIDE_STEPS_INPUT,
  parseModalMetadata,
  REJECT_REASON_BLOCK,
  REJECT_REASON_INPUT,
} from '../action-ids.js';
import { parseOverrideSteps } from '../blocks/modals.js';
import { checkChosenRunbook, chosenRunbookId } from './changes-runbook.js';
import type { Handler, ViewArgs } from './handler-types.js';
import { modalDecision } from './modal-decision.js';

/** A modal that asks for one required text: a rejection's reason. */
function reasonModal(spec: {
  block: string;
  input: string;
  kind: 'rejected';
  missing: string;
}): Handler<ViewArgs> {
  return (deps) =>
    async ({ ack, view, body }) => {
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

/**
 * Request changes: the feedback text, and another runbook with typed params when one was chosen.
 * A chosen runbook is checked as the planner checks it, each refusal under its own input; a
 * runbook the text names must fit and take its values too. Any refusal changes nothing.
 */
export const requestChangesSubmission: Handler<ViewArgs> =
  (deps) =>
  async ({ ack, view, body }) => {
    await modalDecision(
      deps,
      { ack, view, userId: body.user.id, blockId: CHANGES_FEEDBACK_BLOCK },
      async (values) => {
        const feedback = values[CHANGES_FEEDBACK_BLOCK]?.[CHANGES_FEEDBACK_INPUT]?.value?.trim();
        const runbookId = chosenRunbookId(values);
        const ref = parseModalMetadata(view.private_metadata);
        const ticket = ref && (feedback || runbookId) ? await deps.ctx.tickets.get(ref.id) : undefined;
        if (runbookId && ticket) {
          const choice = checkChosenRunbook(deps.ctx, ticket, values, runbookId);
          if (!choice.ok) return { errors: choice.errors };
          const pairs = Object.entries(choice.runbook.params).map(([name, value]) => `${name}=${value}`);
          const reason =
            feedback || `Use runbook ${runbookId}${pairs.length > 0 ? ` (${pairs.join(', ')})` : ''}`;
          return {
            decision: { kind: 'changes_requested', reason: reason.slice(0, 3000), runbook: choice.runbook },
          };
        }
        if (!feedback) {
          const orRunbook = values[CHANGES_RUNBOOK_BLOCK] ? ', or choose another runbook' : '';
          return { error: `Tell the crew what to change, e.g. "avoid restart"${orRunbook}.` };
        }
        // A runbook the text names must fit the incident and take its values: else say so, change nothing.
        const problem = ticket ? runbookAskProblem(deps.ctx, ticket, feedback) : undefined;
        return problem ? { error: problem } : { decision: { kind: 'changes_requested', reason: feedback } };
      },
    );
  };

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
