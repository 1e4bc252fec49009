import { MANUAL_STEP_DONE, REOPEN, suffixedActionId } from '../action-ids.js';
import { actions, button, fallbackText, section } from './kit.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, formatDuration, mention, oneLine } from './text.js';

export interface ReminderView {
  id: string;
  round: number;
  approvers: readonly string[];
  remainingMs: number;
}

/** Half-way through the wait for a decision: a nudge that names who can decide. */
export function reminderNotice(view: ReminderView): SlackMessage {
  const who =
    view.approvers.length > 0 ? view.approvers.slice(0, 20).map(mention).join(' ') : 'anyone in this channel';
  const text =
    `⏰ *${escapeAndTruncate(view.id, 40)}* is still waiting for a decision on round ${view.round}: ` +
    `${formatDuration(view.remainingMs)} left before it goes to follow-up. ${who}`;
  return { text: fallbackText(`${view.id}: waiting for a decision`), blocks: [section(text)] };
}

export interface ManualChecklistView {
  id: string;
  steps: ReadonlyArray<{ actionId: string; description: string; done: boolean; by?: string }>;
}

/** Manual steps of a plan as a checklist: each has a Done button until someone ticks it. */
export function manualChecklist(view: ManualChecklistView): SlackMessage {
  const blocks: KnownBlock[] = [
    section(`🧑‍🔧 *Manual steps* for ${escapeAndTruncate(view.id, 40)}: tick each one when done.`),
  ];
  // 20 steps at most: two blocks each stay under the 50-block limit.
  for (const step of view.steps.slice(0, 20)) {
    const line = `${step.done ? '✅' : '⬜'} ${escapeAndTruncate(oneLine(step.description), 500)}`;
    blocks.push(section(line));
    if (!step.done) {
      blocks.push(
        actions(`manual_${step.actionId}`, [
          button({
            text: 'Done',
            actionId: suffixedActionId(MANUAL_STEP_DONE, step.actionId),
            value: `${view.id}:${step.actionId}`,
            style: 'primary',
          }),
        ]),
      );
    }
  }
  const done = view.steps.filter((step) => step.done).length;
  return { text: fallbackText(`${view.id} manual steps: ${done}/${view.steps.length} done`), blocks };
}

export interface FalsePositiveView {
  id: string;
  confidence: number;
  evidence: readonly string[];
  /** Set once a person reopened it: the button goes away. */
  reopenedBy?: string;
}

/** Triage found nothing wrong: the incident closed itself, and one click brings it back. */
export function falsePositiveNotice(view: FalsePositiveView): SlackMessage {
  const evidence = view.evidence.slice(0, 8).map((line) => `• ${escapeAndTruncate(oneLine(line), 300)}`);
  const blocks: KnownBlock[] = [
    section(
      `🫥 *Likely a false positive* (${view.confidence}% sure): telemetry shows nothing abnormal, so ` +
        `${escapeAndTruncate(view.id, 40)} was closed.\n${evidence.join('\n')}`,
    ),
  ];
  if (view.reopenedBy)
    blocks.push(section(`↩️ Reopened by ${mention(view.reopenedBy)}: the crew is diagnosing it in full.`));
  else blocks.push(actions('false_positive', [button({ text: 'Reopen', actionId: REOPEN, value: view.id })]));
  return { text: fallbackText(`${view.id}: likely a false positive`), blocks };
}

export interface UnreadableGroupsView {
  id: string;
  groups: ReadonlyArray<{ group: string; reason: string }>;
  /** Who may still decide: the users named directly, and APPROVERS. */
  stillAllowed: readonly string[];
}

/** Said once: approver user groups could not be expanded, so their members are refused, not let through. */
export function unreadableGroupsNotice(view: UnreadableGroupsView): SlackMessage {
  const lines = view.groups
    .slice(0, 10)
    .map(({ group, reason }) => `• ${mention(group)}: ${escapeAndTruncate(oneLine(reason), 300)}`);
  const who =
    view.stillAllowed.length > 0
      ? `who still may: ${view.stillAllowed.slice(0, 20).map(mention).join(' ')} (named directly or in APPROVERS)`
      : 'nobody can until the groups can be read: grant the scope, or set APPROVERS';
  const text =
    `⚠️ *Approver groups could not be read* for ${escapeAndTruncate(view.id, 40)}, so their members ` +
    `cannot decide here (a group never means "anyone"); ${who}.\n${lines.join('\n')}`;
  return {
    text: fallbackText(`${view.id}: approver groups could not be read`),
    blocks: [section(text)],
  };
}
