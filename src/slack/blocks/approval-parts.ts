/** The optional parts of the approval message: guard verdict, dry run, decision outcome. */
import { listBlocks } from './kit.js';
import { type GuardVerdict, VERDICT_EMOJI } from './labels.js';
import type { SectionBlock } from './slack-types.js';
import { escapeAndTruncate, mention, oneLine, slackDate } from './text.js';

export interface GuardView {
  verdict: GuardVerdict;
  findings: ReadonlyArray<{ ruleId: string; verdict: GuardVerdict; reason: string; actionId?: string }>;
}

export interface DryRunView {
  helps: boolean;
  predicted: ReadonlyArray<{ service: string; before: string | number; after: string | number }>;
  summary: string;
  /** A runbook plan's dry run, step by step through each step's executor. */
  steps?: ReadonlyArray<{
    stepId: string;
    executor: string;
    outcome: 'ok' | 'failed' | 'unknown';
    action: string;
    status?: number;
    durationMs: number;
    excerpt: string;
  }>;
}

export type Decision = 'approved' | 'rejected' | 'overridden' | 'changes_requested' | 'timed_out' | 'auto';

export type ApprovalState =
  /** `askedAgain`: a Redis failover lost the decision taken before, and the thread says so. */
  | { kind: 'pending'; askedAgain?: boolean }
  | { kind: 'decided'; decision: Decision; by?: string; at: string; reason?: string }
  | { kind: 'superseded'; byRound: number };

const GUARD_TITLE: Readonly<Record<GuardVerdict, string>> = {
  allow: 'the safety guard allows this plan',
  warn: 'the safety guard has warnings',
  block: 'the safety guard blocked this plan',
};

export function guardBlocks(guard: GuardView): SectionBlock[] {
  const findings = guard.findings.map((finding) => {
    const step = finding.actionId ? ` (step \`${escapeAndTruncate(finding.actionId, 40)}\`)` : '';
    const rule = escapeAndTruncate(oneLine(finding.ruleId), 60);
    return `• ${VERDICT_EMOJI[finding.verdict]} \`${rule}\`${step}: ${escapeAndTruncate(oneLine(finding.reason), 300)}`;
  });
  const title = `${VERDICT_EMOJI[guard.verdict]} *Guard:* ${GUARD_TITLE[guard.verdict]}`;
  return listBlocks(title, findings, { maxItems: 10, itemMax: 450, maxBlocks: 3, noun: 'more findings' });
}

function cell(value: string | number): string {
  return escapeAndTruncate(oneLine(String(value)), 60);
}

export function dryRunBlocks(dryRun: DryRunView): SectionBlock[] {
  const verdict = dryRun.helps ? '✅ predicted to help' : '⚠️ *not* predicted to help';
  const title = `🧪 *Dry run:* ${verdict}\n${escapeAndTruncate(oneLine(dryRun.summary), 600)}`;
  const lines = dryRun.predicted.map(
    (p) => `• \`${escapeAndTruncate(oneLine(p.service), 60)}\`: ${cell(p.before)} → ${cell(p.after)}`,
  );
  const stepLines = (dryRun.steps ?? []).map((step) => {
    const status = step.status === undefined ? '' : ` · status ${step.status}`;
    const excerpt = step.excerpt ? `\n      ${escapeAndTruncate(oneLine(step.excerpt), 200)}` : '';
    return `• ${DRY_RUN_EMOJI[step.outcome]} \`${escapeAndTruncate(oneLine(step.stepId), 60)}\` via \`${escapeAndTruncate(oneLine(step.executor), 60)}\`: ${escapeAndTruncate(oneLine(step.action), 300)}${status} · ${step.durationMs} ms${excerpt}`;
  });
  if (stepLines.length === 0)
    return listBlocks(title, lines, { maxItems: 12, itemMax: 250, maxBlocks: 2, noun: 'more services' });
  return listBlocks(title, stepLines, { maxItems: 12, itemMax: 700, maxBlocks: 3, noun: 'more steps' });
}

const DRY_RUN_EMOJI = { ok: '✅', failed: '❌', unknown: '❔' } as const;

const DECISION_LABEL: Readonly<Record<Decision, string>> = {
  approved: '✅ *Approved*',
  rejected: '❌ *Rejected*',
  overridden: '✍️ *Overridden* with manual steps',
  changes_requested: '🔁 *Changes requested*',
  timed_out: '⌛ *Timed out*: no decision in time',
  auto: '🤖 *Auto-approved* at high confidence',
};

/** "✅ Approved by <@U123> · <date>" and the reason, quoted. */
export function decisionLine(state: Exclude<ApprovalState, { kind: 'pending' }>): string {
  if (state.kind === 'superseded') return `⏭️ Superseded by round ${state.byRound}`;
  const by = state.by ? ` by ${mention(state.by)}` : '';
  const reason = state.reason ? `\n> ${escapeAndTruncate(oneLine(state.reason), 1500)}` : '';
  return `${DECISION_LABEL[state.decision]}${by} · ${slackDate(state.at)}${reason}`;
}

/** Plain wording of the outcome for the `text` fallback. */
export function decisionText(state: Exclude<ApprovalState, { kind: 'pending' }>): string {
  if (state.kind === 'superseded') return `superseded by round ${state.byRound}`;
  const label = DECISION_LABEL[state.decision].replaceAll('*', '').replace(/^\S+ /, '');
  return state.by ? `${label} by ${mention(state.by)}` : label;
}
