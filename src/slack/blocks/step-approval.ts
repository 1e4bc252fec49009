import { encodeStepActionValue, STEP_APPROVE, STEP_REJECT } from '../action-ids.js';
import { actions, button, context, fallbackText, section } from './kit.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, mention, oneLine, slackDate } from './text.js';

export interface StepApprovalView {
  id: string;
  round: number;
  stepId: string;
  runbookId: string;
  title: string;
  executor: string;
  /** Rendered, secrets masked. */
  action: string;
  risk: 'low' | 'medium' | 'high';
  guard: { verdict: 'allow' | 'warn' | 'block'; reasons: readonly string[] };
  expiresAt: string;
  approvers: readonly string[];
  decision?: { kind: 'approved' | 'rejected' | 'timed_out'; by?: string; reason?: string };
}

const RISK_ICON = { low: '🟢', medium: '🟠', high: '🔴' } as const;
const GUARD_WORDS = { allow: 'allows it', warn: 'warns', block: 'blocks it' } as const;

function decidedLine(decision: NonNullable<StepApprovalView['decision']>): string {
  const by = decision.by ? ` by ${mention(decision.by)}` : '';
  switch (decision.kind) {
    case 'approved':
      return `✅ Approved${by}: the runbook carries on at this step.`;
    case 'rejected':
      return `⛔ Rejected${by}: the step was not run; the steps done before it are rolled back.`;
    case 'timed_out':
      return '⌛ Nobody decided in time: the step was not run; the steps done before it are rolled back.';
  }
}

/** One `per-step` runbook step asks for its own approval: what would run, how risky, what the guard says. */
export function stepApprovalMessage(view: StepApprovalView): SlackMessage {
  const guardReasons = view.guard.reasons.length > 0 ? ` (${view.guard.reasons.join('; ')})` : '';
  const blocks: KnownBlock[] = [
    section(
      `✋ *Step approval* for ${escapeAndTruncate(view.id, 40)}: runbook \`${escapeAndTruncate(view.runbookId, 80)}\` ` +
        `paused before step \`${escapeAndTruncate(view.stepId, 80)}\` *${escapeAndTruncate(oneLine(view.title), 200)}*.`,
    ),
    section(
      [
        `*Action* via \`${escapeAndTruncate(view.executor, 100)}\`: \`${escapeAndTruncate(oneLine(view.action), 500)}\``,
        `*Risk* ${RISK_ICON[view.risk]} ${view.risk}`,
        `*Safety guard* ${GUARD_WORDS[view.guard.verdict]}${escapeAndTruncate(guardReasons, 800)}`,
      ].join('\n'),
    ),
  ];
  if (view.decision) blocks.push(section(decidedLine(view.decision)));
  else {
    blocks.push(
      actions(`step_approval_${view.round}_${view.stepId}`.slice(0, 255), [
        button({
          text: 'Approve',
          actionId: STEP_APPROVE,
          value: encodeStepActionValue(view.id, view.round, view.stepId),
          style: 'primary',
        }),
        button({
          text: 'Reject',
          actionId: STEP_REJECT,
          value: encodeStepActionValue(view.id, view.round, view.stepId),
          style: 'danger',
        }),
      ]),
    );
    const who =
      view.approvers.length > 0 ? view.approvers.slice(0, 20).map(mention).join(' ') : 'anyone here';
    blocks.push(context([`Who may decide: ${who} · waits until ${slackDate(view.expiresAt, '{time}')}`]));
  }
  const state = view.decision ? view.decision.kind.replace('_', ' ') : 'waiting for approval';
  return {
    text: fallbackText(`${view.id}: runbook step ${view.stepId} ${state}`),
    blocks,
  };
}
