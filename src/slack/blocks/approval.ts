import type { Severity } from '../../domain/severity.js';
import type { PlannedAction } from '../../domain/ticket.js';
import {
  APPROVAL_ACTIONS_BLOCK,
  APPROVE,
  encodeActionValue,
  OVERRIDE,
  REJECT,
  REQUEST_CHANGES,
} from '../action-ids.js';
import {
  type ApprovalState,
  type DryRunView,
  decisionLine,
  decisionText,
  dryRunBlocks,
  type GuardView,
  guardBlocks,
} from './approval-parts.js';
import { actions, button, confirmDialog, fallbackText, listBlocks, section } from './kit.js';
import { type ConfidenceView, formatConfidence, KILL_SWITCH_NOTICE, SEVERITY_EMOJI } from './labels.js';
import type { Button, KnownBlock, SlackMessage } from './slack-types.js';
import { stepLines } from './steps.js';
import { escapeAndTruncate, mention, oneLine } from './text.js';

export type { ApprovalState, Decision, DryRunView, GuardView } from './approval-parts.js';

/** The human-in-the-loop message: one per plan round, decided once, then frozen without buttons. */
export interface ApprovalView {
  /** A valid incident id (`INC-0007`): it goes into the button values. */
  id: string;
  round: number;
  sev: Severity;
  rootCause: string;
  /** Absent for a change's plan, which has no diagnosis: the subject line stands alone. */
  confidence?: ConfidenceView & { adjustment?: { delta: number; reason: string } };
  /** What the subject line is called (default `Root cause`; a change's plan says `Change`). */
  subjectLabel?: string;
  /** The plan as lines of its own (a rollout's phases and gates) instead of incident actions. */
  planLines?: readonly string[];
  /** A change's plan is approved or rejected as it stands: no Override, no Request changes. */
  approveOrRejectOnly?: boolean;
  /** The plan in a line (which runbook, why): said here, the thread has no plan message of its own. */
  planSummary?: string;
  actions: readonly PlannedAction[];
  guard?: GuardView;
  dryRun?: DryRunView;
  state: ApprovalState;
  killSwitch?: boolean;
  /** Slack user ids (`U…`) or user-group ids (`S…`) to ping while pending. */
  approversMention?: readonly string[];
  /** When the steps target services with different approvers: who decides each part, and who did. */
  parts?: ReadonlyArray<{ services: readonly string[]; approvers: readonly string[]; approvedBy?: string }>;
}

const MAX_MENTIONS = 20;

function titleBlock(view: ApprovalView): KnownBlock {
  const what = view.state.kind === 'pending' ? '✋ *Approval needed*' : '*Approval*';
  let title = `${what} · ${escapeAndTruncate(view.id, 40)} · round ${view.round} · ${SEVERITY_EMOJI[view.sev]} ${view.sev}`;
  const approvers = view.approversMention ?? [];
  if (view.state.kind === 'pending' && approvers.length > 0) {
    const shown = approvers.slice(0, MAX_MENTIONS).map(mention).join(' ');
    const more = approvers.length > MAX_MENTIONS ? ` …and ${approvers.length - MAX_MENTIONS} more` : '';
    title += `\ncc ${shown}${more}`;
  }
  return section(title);
}

/** One line per part: its services, who may approve them, and whether one has. */
function partsBlock(parts: NonNullable<ApprovalView['parts']>): KnownBlock[] {
  const lines = parts.map((part) => {
    const services = part.services.map((name) => `\`${escapeAndTruncate(oneLine(name), 60)}\``).join(', ');
    const who =
      part.approvers.length > 0 ? part.approvers.slice(0, MAX_MENTIONS).map(mention).join(' ') : 'anyone';
    const state = part.approvedBy ? `✅ approved by ${mention(part.approvedBy)}` : '⏳ waiting';
    return `• ${services}: ${who} · ${state}`;
  });
  return listBlocks("*Each service's steps need an approver of their own*", lines, {
    maxItems: 10,
    itemMax: 800,
    maxBlocks: 2,
    noun: 'more parts',
  });
}

function diagnosisBlock(view: ApprovalView): KnownBlock {
  const label = view.subjectLabel ?? 'Root cause';
  if (view.confidence === undefined)
    return section(`*${escapeAndTruncate(label, 40)}:* ${escapeAndTruncate(oneLine(view.rootCause), 1500)}`);
  const { adjustment } = view.confidence;
  const adjusted = adjustment
    ? ` (${adjustment.delta > 0 ? '+' : ''}${adjustment.delta}: ${escapeAndTruncate(oneLine(adjustment.reason), 300)})`
    : '';
  return section(
    `*${escapeAndTruncate(label, 40)}:* ${escapeAndTruncate(oneLine(view.rootCause), 1500)}\n` +
      `*Confidence:* ${formatConfidence(view.confidence)}${adjusted}`,
  );
}

function decisionButtons(view: ApprovalView, blocked: boolean): Button[] {
  const value = encodeActionValue(view.id, view.round);
  const reject = button({ text: 'Reject', actionId: REJECT, value, style: 'danger' });
  const override = button({ text: 'Override', actionId: OVERRIDE, value });
  const requestChanges = button({ text: 'Request changes', actionId: REQUEST_CHANGES, value });
  if (blocked) return view.approveOrRejectOnly ? [reject] : [override, reject, requestChanges];
  const steps = `${view.actions.length} step${view.actions.length === 1 ? '' : 's'}`;
  const confirm =
    view.sev === 'sev1'
      ? confirmDialog(
          'Approve on sev1?',
          `This runs ${steps} against production for ${view.id}.`,
          'Approve',
          'Cancel',
        )
      : undefined;
  const approve = button({
    text: 'Approve',
    actionId: APPROVE,
    value,
    style: 'primary',
    ...(confirm && { confirm }),
  });
  return view.approveOrRejectOnly ? [approve, reject] : [approve, reject, override, requestChanges];
}

export const LOST_DECISION_NOTICE =
  '⚠️ *Warroom lost this decision in a Redis failover; please decide again.* Nothing was applied.';

function pendingBlocks(view: ApprovalView): KnownBlock[] {
  const blocked = view.guard?.verdict === 'block';
  const blocks: KnownBlock[] = [];
  if (view.state.kind === 'pending' && view.state.askedAgain) blocks.push(section(LOST_DECISION_NOTICE));
  if (blocked) {
    blocks.push(
      section(
        '🛑 *Approve is unavailable*: the safety guard blocked this plan. Override with your own steps, request changes, or reject.',
      ),
    );
  }
  blocks.push(actions(APPROVAL_ACTIONS_BLOCK, decisionButtons(view, blocked)));
  return blocks;
}

function fallback(view: ApprovalView): string {
  const head = `${view.id} round ${view.round}`;
  if (view.state.kind !== 'pending') return `${head}: ${decisionText(view.state)}`;
  const ask = view.state.askedAgain
    ? 'needs a decision again: Warroom lost the last one in a Redis failover'
    : view.guard?.verdict === 'block'
      ? 'needs a decision, the guard blocked the plan'
      : 'needs approval';
  return `${head} ${ask} — ${escapeAndTruncate(oneLine(view.rootCause), 2000)}`;
}

export function approvalMessage(view: ApprovalView): SlackMessage {
  const blocks: KnownBlock[] = [titleBlock(view), diagnosisBlock(view)];
  if (view.planSummary) blocks.push(section(`*Plan:* ${escapeAndTruncate(oneLine(view.planSummary), 2000)}`));
  if (view.planLines !== undefined || view.actions.length > 0) {
    const steps = view.planLines ?? stepLines(view.actions);
    blocks.push(
      ...listBlocks('*Proposed steps*', steps, {
        maxItems: 15,
        itemMax: 900,
        maxBlocks: 6,
        noun: 'more steps',
      }),
    );
  } else {
    blocks.push(section('_The plan has no steps._'));
  }
  if (view.parts && view.parts.length > 1) blocks.push(...partsBlock(view.parts));
  if (view.guard) blocks.push(...guardBlocks(view.guard));
  if (view.dryRun) blocks.push(...dryRunBlocks(view.dryRun));
  if (view.killSwitch) blocks.push(section(KILL_SWITCH_NOTICE));
  if (view.state.kind === 'pending') blocks.push(...pendingBlocks(view));
  else blocks.push(section(decisionLine(view.state)));
  return { text: fallbackText(fallback(view)), blocks };
}
