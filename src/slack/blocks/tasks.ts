import type { TaskRunStatus } from '../../domain/task-run.js';
import { TASK_APPROVE, TASK_REJECT } from '../action-ids.js';
import { actions, button, context, fallbackText, header, packLines, section } from './kit.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, mention, oneLine, slackDate } from './text.js';

export const TASK_STATUS_ICON: Record<TaskRunStatus, string> = {
  running: '⏳',
  'awaiting-approval': '✋',
  ok: '✅',
  failed: '❌',
  rejected: '⛔',
  expired: '⌛',
  skipped: '⏸️',
};

const RISK_ICON = { low: '🟢', medium: '🟠', high: '🔴' } as const;

export interface TaskApprovalView {
  /** What the buttons carry (domain/task-run.ts `encodeTaskRunRef`). */
  ref: string;
  taskId: string;
  title: string;
  service: string;
  schedule: string;
  /** Who asked with `/task run`; absent: its schedule. */
  askedBy?: string;
  steps: ReadonlyArray<{
    id: string;
    title: string;
    executor: string;
    action: string;
    risk: 'low' | 'medium' | 'high';
  }>;
  approvers: readonly string[];
  status: TaskRunStatus;
  decidedBy?: string;
  reason?: string;
  incidentId?: string;
}

function outcomeLine(view: TaskApprovalView): string {
  const by = view.decidedBy ? ` by ${mention(view.decidedBy)}` : '';
  const why = view.reason ? `: ${escapeAndTruncate(oneLine(view.reason), 600)}` : '';
  switch (view.status) {
    case 'running':
      return `✅ Approved${by}: running now.`;
    case 'ok':
      return `✅ Approved${by}: ran, every step succeeded.`;
    case 'failed':
      return `❌ Approved${by}, and it failed${why}${view.incidentId ? ` · ${escapeAndTruncate(view.incidentId, 40)}` : ''}`;
    case 'rejected':
      return `⛔ Rejected${by}: nothing ran.`;
    case 'expired':
      return `⌛ Expired${why}. Nothing ran.`;
    default:
      return `${TASK_STATUS_ICON[view.status]} Nothing ran${why}.`;
  }
}

/** An `approve` task's run asks before it runs: what each step does, on which service, who may decide. */
export function taskApprovalMessage(view: TaskApprovalView): SlackMessage {
  const asked = view.askedBy
    ? `asked by ${mention(view.askedBy)}`
    : `schedule \`${escapeAndTruncate(view.schedule, 100)}\``;
  const steps = view.steps.map(
    (step, index) =>
      `${index + 1}. \`${escapeAndTruncate(step.id, 80)}\` ${escapeAndTruncate(oneLine(step.title), 150)} · via \`${escapeAndTruncate(step.executor, 80)}\` · ${RISK_ICON[step.risk]} ${step.risk}: \`${escapeAndTruncate(oneLine(step.action), 300)}\``,
  );
  const blocks: KnownBlock[] = [
    section(
      `🗓️ *Routine task* \`${escapeAndTruncate(view.taskId, 80)}\` *${escapeAndTruncate(oneLine(view.title), 150)}* on \`${escapeAndTruncate(view.service, 100)}\` (${asked}) asks to run.`,
    ),
    ...packLines(steps, 5, 'more steps'),
    section('*Safety guard* allows every step'),
  ];
  if (view.status === 'awaiting-approval') {
    blocks.push(
      actions(`task_approval_${view.ref}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 255), [
        button({ text: 'Approve', actionId: TASK_APPROVE, value: view.ref, style: 'primary' }),
        button({ text: 'Reject', actionId: TASK_REJECT, value: view.ref, style: 'danger' }),
      ]),
    );
    const who =
      view.approvers.length > 0 ? view.approvers.slice(0, 20).map(mention).join(' ') : 'anyone here';
    blocks.push(context([`Who may decide: ${who}`]));
  } else blocks.push(section(outcomeLine(view)));
  const state = view.status === 'awaiting-approval' ? 'waiting for approval' : view.status;
  return {
    text: fallbackText(`Routine task ${view.taskId} on ${view.service}: ${state}`),
    blocks,
  };
}

export interface TaskDigestLine {
  taskId: string;
  title: string;
  service: string;
  mode: 'auto' | 'approve';
  counts: Partial<Record<TaskRunStatus, number>>;
  last: { status: TaskRunStatus; at: string; reason?: string };
  incidents: readonly string[];
}

export interface TaskDigestView {
  day: string;
  tasks: readonly TaskDigestLine[];
}

const COUNTED: readonly TaskRunStatus[] = [
  'ok',
  'failed',
  'rejected',
  'expired',
  'skipped',
  'awaiting-approval',
  'running',
];

function digestLine(line: TaskDigestLine): string {
  const total = Object.values(line.counts).reduce((sum, count) => sum + (count ?? 0), 0);
  const counts = COUNTED.flatMap((status) => {
    const count = line.counts[status] ?? 0;
    return count > 0 ? [`${count} ${status === 'awaiting-approval' ? 'awaiting approval' : status}`] : [];
  });
  const incidents =
    line.incidents.length > 0 ? ` (${line.incidents.map((id) => escapeAndTruncate(id, 40)).join(', ')})` : '';
  const why = line.last.reason ? `: ${escapeAndTruncate(oneLine(line.last.reason), 200)}` : '';
  return (
    `${TASK_STATUS_ICON[line.last.status]} \`${escapeAndTruncate(line.taskId, 80)}\` ${escapeAndTruncate(oneLine(line.title), 120)} on \`${escapeAndTruncate(line.service, 80)}\` (${line.mode}): ` +
    `${total} run${total === 1 ? '' : 's'} · ${counts.join(' · ')}${incidents} · last ${slackDate(line.last.at, '{time_secs}')} ${line.last.status}${why}`
  );
}

/** One quiet message a day, updated in place: each task's runs that day, failures with their incidents. */
export function taskDigestMessage(view: TaskDigestView): SlackMessage {
  const runs = view.tasks.map((line) =>
    Object.values(line.counts).reduce((sum, count) => sum + (count ?? 0), 0),
  );
  const total = runs.reduce((sum, count) => sum + count, 0);
  const failed = view.tasks.reduce((sum, line) => sum + (line.counts.failed ?? 0), 0);
  const blocks: KnownBlock[] = [
    header(`Routine tasks · ${view.day}`),
    ...packLines(view.tasks.map(digestLine), 45, 'more tasks'),
    context([
      'One message a day, updated in place · a failed run opens an incident on its service · `/task list`',
    ]),
  ];
  return {
    text: fallbackText(
      `Routine tasks · ${view.day}: ${total} run${total === 1 ? '' : 's'}, ${failed} failed`,
    ),
    blocks,
  };
}
