/**
 * The postmortem posted when an incident closes and answered by `/incident postmortem`: Slack mrkdwn
 * (bold, bullets, one code block for the timeline), every piece of user text escaped.
 */
import { escapeAndTruncate, formatDuration, mention, oneLine } from '../slack/blocks/text.js';
import { DECISION_WORDS, timelineRows, timelineTable } from './postmortem-timeline.js';
import { RUNBOOK_STEP_ENTRY, RunbookStepEntry, runbookStepLine } from './runbook-step-entry.js';
import { isClosed, statusLabel } from './status.js';
import type { Ticket } from './ticket.js';
import type { TimelineEntry } from './timeline.js';
import {
  commentFacts,
  type DecisionFact,
  decisionFacts,
  millisBetween,
  stageFacts,
  startsRemediation,
} from './timeline-facts.js';

export interface PostmortemOptions {
  now: Date | string;
  /** What the crew's learning made of this incident, one line each. */
  learned?: readonly string[];
}

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

/** The decision that set remediation going, or else the last one taken. */
function decisiveDecision(decisions: readonly DecisionFact[]): DecisionFact | undefined {
  return decisions.find(startsRemediation) ?? decisions.at(-1);
}

function summary(ticket: Ticket, timeline: readonly TimelineEntry[], now: string): string[] {
  const closed = isClosed(ticket.status);
  const endedAt = closed ? (ticket.history.at(-1)?.at ?? now) : now;
  const took = millisBetween(ticket.createdAt, endedAt);
  const span = took === undefined ? '' : ` after ${formatDuration(took)}`;
  const open = took === undefined ? '' : `, open for ${formatDuration(took)}`;
  const state = closed ? `${statusLabel(ticket.status)}${span}` : `now ${statusLabel(ticket.status)}${open}`;
  const lines = [
    `*${safe(ticket.system, 100)}*: ${safe(ticket.issue, 500)}`,
    `Opened ${ticket.createdAt.slice(0, 16).replace('T', ' ')} UTC; ${state}.`,
  ];
  const decision = decisiveDecision(decisionFacts(timeline));
  lines.push(decision ? `Decision: ${decisionPhrase(decision)}.` : 'Decision: none was taken.');
  if (ticket.parent) lines.push(`Duplicate of *${safe(ticket.parent, 40)}*.`);
  if (ticket.resolution) lines.push(`Resolution: ${safe(ticket.resolution, 1000)}`);
  return lines;
}

function rootCause(ticket: Ticket): string[] {
  const rca = ticket.rca;
  if (!rca) return ['_No root cause was established._'];
  const confidence = ticket.confidence
    ? ` (confidence ${ticket.confidence.score}%, ${ticket.confidence.band})`
    : '';
  const head = `\`${safe(rca.fault, 60)}\` on *${safe(rca.rootService, 60)}*${confidence}: ${safe(rca.summary, 500)}`;
  const evidence = rca.evidence.map((item) => safe(item, 300));
  return [head, ...(evidence.length > 0 ? ['Evidence:', ...bullets(evidence, 20, 'items')] : [])];
}

function planLines(ticket: Ticket): string[] {
  return ticket.recommendations.map(
    (action) =>
      `\`${safe(action.id, 40)}\` ${safe(action.kind, 40)} *${safe(action.target, 60)}*: ${safe(action.description, 300)} (${action.risk} risk)`,
  );
}

function resultLines(timeline: readonly TimelineEntry[]): string[] {
  const results: string[] = [];
  for (const stage of stageFacts(timeline)) {
    const isFix = stage.base.startsWith('fix:');
    if (!isFix && stage.base !== 'verify') continue;
    const name = isFix ? `${stage.base.slice('fix:'.length)} fixer` : 'verification';
    const icon = stage.failed ? '❌' : isFix ? '✅' : '🔎';
    const took = stage.durationMs === undefined ? '' : ` (${formatDuration(stage.durationMs)})`;
    const said = stage.summary ? `: ${safe(stage.summary, 300)}` : '';
    results.push(`${icon} ${name}${stage.failed ? ' failed' : ''}${said}${took}`);
  }
  for (const decision of decisionFacts(timeline).filter((fact) => fact.steps.length > 0)) {
    const steps = decision.steps.map((step, i) => `${i + 1}. ${safe(step, 200)}`).join(' ');
    results.push(`✍️ steps given by ${decision.by ? mention(decision.by) : 'a person'}: ${steps}`);
  }
  for (const entry of timeline.filter((item) => item.type === RUNBOOK_STEP_ENTRY)) {
    const step = RunbookStepEntry.safeParse(entry.data);
    const icon = { ok: '✅', failed: '❌', unknown: '❔', skipped: '⏭️' } as const;
    if (step.success)
      results.push(`${icon[step.data.outcome]} runbook ${safe(runbookStepLine(step.data), 600)}`);
  }
  for (const entry of timeline.filter((item) => item.type === 'manual_step.done')) {
    const who = entry.by ? ` by ${mention(entry.by)}` : '';
    results.push(`☑️ manual step \`${safe(String(entry.data.actionId ?? '?'), 40)}\` done${who}`);
  }
  return results;
}

function actionsTaken(ticket: Ticket, timeline: readonly TimelineEntry[]): string[] {
  const plan = planLines(ticket);
  const results = resultLines(timeline);
  if (plan.length === 0 && results.length === 0) return ['_No remediation was planned or run._'];
  const lines: string[] = [];
  if (plan.length > 0) lines.push('Planned:', ...bullets(plan, 20, 'steps'));
  if (results.length > 0) lines.push('Results:', ...bullets(results, 30, 'results'));
  return lines;
}

function comments(timeline: readonly TimelineEntry[]): string[] {
  const said = commentFacts(timeline).map((comment) => {
    const who = comment.by ? mention(comment.by) : 'someone';
    return `${who} (${comment.at.slice(11, 16)} UTC): ${safe(comment.text, 500)}`;
  });
  return said.length > 0 ? bullets(said, 30, 'comments') : ['_No comments in the thread._'];
}

function learned(lines: readonly string[] | undefined): string[] {
  const items = (lines ?? []).map((line) => safe(line, 300)).filter(Boolean);
  return items.length > 0 ? bullets(items, 15, 'lessons') : ['_Nothing new this time._'];
}

export function buildPostmortem(
  ticket: Ticket,
  timeline: readonly TimelineEntry[],
  options: PostmortemOptions,
): string {
  const now = typeof options.now === 'string' ? options.now : options.now.toISOString();
  const sections = [
    [`*Postmortem · ${ticket.id} · ${ticket.sev} · ${statusLabel(ticket.status)}*`],
    ['*Summary*', ...summary(ticket, timeline, now)],
    ['*Timeline*', timelineTable(ticket, timelineRows(ticket, timeline))],
    ['*Root cause*', ...rootCause(ticket)],
    ['*Actions taken and results*', ...actionsTaken(ticket, timeline)],
    ['*Comments*', ...comments(timeline)],
    ['*What the crew learned*', ...learned(options.learned)],
  ];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}
