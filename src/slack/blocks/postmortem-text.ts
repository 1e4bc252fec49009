/**
 * The postmortem as Slack mrkdwn (bold, bullets, one code block for the timeline), every piece of
 * user text escaped: posted when an incident closes, answered by `/incident postmortem`, archived.
 */

import { CAUSE_VERDICT_WORDS } from '../../domain/cause-feedback.js';
import type { Postmortem, PostmortemResult } from '../../domain/postmortem.js';
import { DECISION_WORDS } from '../../domain/postmortem-timeline.js';
import { runbookStepLine } from '../../domain/runbook-step-entry.js';
import { statusLabel } from '../../domain/status.js';
import type { CauseFeedbackFact, DecisionFact } from '../../domain/timeline-facts.js';
import { timelineTable } from './postmortem-table.js';
import { escapeAndTruncate, formatDuration, mention, oneLine } from './text.js';

/** One escaped line; a run of backticks would open a code block that swallows the rest. */
function safe(text: string, max: number): string {
  return escapeAndTruncate(oneLine(text).replace(/`{3,}/g, "'''"), max);
}

/** Bullets, at most `max`, the rest counted. */
function bullets(items: readonly string[], max: number, noun: string): string[] {
  const shown = items.length > max ? items.slice(0, max - 1) : items;
  const lines = shown.map((item) => `• ${item}`);
  if (shown.length < items.length) lines.push(`• …and ${items.length - shown.length} more ${noun}`);
  return lines;
}

function decisionPhrase(decision: DecisionFact): string {
  const by = decision.by ? ` by ${mention(decision.by)}` : '';
  const reason = decision.reason ? `: “${safe(decision.reason, 300)}”` : '';
  return `${DECISION_WORDS[decision.kind]}${by}${reason}`;
}

function summary(postmortem: Postmortem): string[] {
  const { ticket, tookMs, closed, decision } = postmortem;
  const span = tookMs === undefined ? '' : ` after ${formatDuration(tookMs)}`;
  const open = tookMs === undefined ? '' : `, open for ${formatDuration(tookMs)}`;
  const state = closed ? `${statusLabel(ticket.status)}${span}` : `now ${statusLabel(ticket.status)}${open}`;
  const lines = [
    `*${safe(ticket.system, 100)}*: ${safe(ticket.issue, 500)}`,
    `Opened ${ticket.createdAt.slice(0, 16).replace('T', ' ')} UTC; ${state}.`,
  ];
  lines.push(decision ? `Decision: ${decisionPhrase(decision)}.` : 'Decision: none was taken.');
  if (ticket.parent) lines.push(`Duplicate of *${safe(ticket.parent, 40)}*.`);
  if (ticket.resolution) lines.push(`Resolution: ${safe(ticket.resolution, 1000)}`);
  return lines;
}

/** `<@U1> (09:41 UTC): Wrong cause · an approver's, teaches the crew`. */
function feedbackLine(click: CauseFeedbackFact): string {
  const who = click.by ? mention(click.by) : 'someone';
  const weight = click.replaced
    ? 'replaced by their later click'
    : click.counted
      ? "an approver's, teaches the crew"
      : 'not an approver: shown, not learned';
  return `${who} (${click.at.slice(11, 16)} UTC): ${CAUSE_VERDICT_WORDS[click.verdict]} · ${weight}`;
}

function causeFeedback({ causeFeedback }: Postmortem): string[] {
  if (causeFeedback.length === 0) return [];
  return ['Feedback on the root cause:', ...bullets(causeFeedback.map(feedbackLine), 20, 'clicks')];
}

function rootCause(postmortem: Postmortem): string[] {
  const rca = postmortem.ticket.rca;
  const ticket = postmortem.ticket;
  if (!rca) return ['_No root cause was established._', ...causeFeedback(postmortem)];
  const confidence = ticket.confidence
    ? ` (confidence ${ticket.confidence.score}%, ${ticket.confidence.band})`
    : '';
  const head = `\`${safe(rca.fault, 60)}\` on *${safe(rca.rootService, 60)}*${confidence}: ${safe(rca.summary, 500)}`;
  const evidence = rca.evidence.map((item) => safe(item, 300));
  return [
    head,
    ...(evidence.length > 0 ? ['Evidence:', ...bullets(evidence, 20, 'items')] : []),
    ...causeFeedback(postmortem),
  ];
}

function planLines({ ticket }: Postmortem): string[] {
  return ticket.recommendations.map(
    (action) =>
      `\`${safe(action.id, 40)}\` ${safe(action.kind, 40)} *${safe(action.target, 60)}*: ${safe(action.description, 300)} (${action.risk} risk)`,
  );
}

const STEP_ICONS = { ok: '✅', failed: '❌', unknown: '❔', skipped: '⏭️' } as const;

function resultLine(result: PostmortemResult): string {
  switch (result.kind) {
    case 'fixer':
    case 'verification': {
      const fixer = result.kind === 'fixer';
      const name = fixer ? `${result.name} fixer` : 'verification';
      const icon = result.failed ? '❌' : fixer ? '✅' : '🔎';
      const took = result.durationMs === undefined ? '' : ` (${formatDuration(result.durationMs)})`;
      const said = result.summary ? `: ${safe(result.summary, 300)}` : '';
      return `${icon} ${name}${result.failed ? ' failed' : ''}${said}${took}`;
    }
    case 'steps_given': {
      const steps = result.steps.map((step, i) => `${i + 1}. ${safe(step, 200)}`).join(' ');
      return `✍️ steps given by ${result.by ? mention(result.by) : 'a person'}: ${steps}`;
    }
    case 'runbook_step':
      return `${STEP_ICONS[result.step.outcome]} runbook ${safe(runbookStepLine(result.step), 600)}`;
    case 'manual_step': {
      const who = result.by ? ` by ${mention(result.by)}` : '';
      return `☑️ manual step \`${safe(result.actionId, 40)}\` done${who}`;
    }
  }
}

function actionsTaken(postmortem: Postmortem): string[] {
  const plan = planLines(postmortem);
  const results = postmortem.results.map(resultLine);
  if (plan.length === 0 && results.length === 0) return ['_No remediation was planned or run._'];
  const lines: string[] = [];
  if (plan.length > 0) lines.push('Planned:', ...bullets(plan, 20, 'steps'));
  if (results.length > 0) lines.push('Results:', ...bullets(results, 30, 'results'));
  return lines;
}

function comments({ comments }: Postmortem): string[] {
  const said = comments.map((comment) => {
    const who = comment.by ? mention(comment.by) : 'someone';
    return `${who} (${comment.at.slice(11, 16)} UTC): ${safe(comment.text, 500)}`;
  });
  return said.length > 0 ? bullets(said, 30, 'comments') : ['_No comments in the thread._'];
}

function learned({ learned }: Postmortem): string[] {
  const items = learned.map((line) => safe(line, 300)).filter(Boolean);
  return items.length > 0 ? bullets(items, 15, 'lessons') : ['_Nothing new this time._'];
}

export function postmortemMarkdown(postmortem: Postmortem): string {
  const { ticket } = postmortem;
  const sections = [
    [`*Postmortem · ${ticket.id} · ${ticket.sev} · ${statusLabel(ticket.status)}*`],
    ['*Summary*', ...summary(postmortem)],
    ['*Timeline*', timelineTable(ticket.createdAt, postmortem.rows)],
    ['*Root cause*', ...rootCause(postmortem)],
    ['*Actions taken and results*', ...actionsTaken(postmortem)],
    ['*Comments*', ...comments(postmortem)],
    ['*What the crew learned*', ...learned(postmortem)],
  ];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}
