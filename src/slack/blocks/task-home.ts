import type { TaskOverview } from '../../domain/task-run.js';
import { header, listBlocks } from './kit.js';
import type { KnownBlock } from './slack-types.js';
import { TASK_STATUS_ICON } from './tasks.js';
import { escapeAndTruncate, mention, slackDate } from './text.js';

const MAX_HOME_TASKS = 20;

function stateText(task: TaskOverview): string {
  switch (task.state.kind) {
    case 'active':
      return task.state.nextAt ? `next ${slackDate(task.state.nextAt)}` : 'active, not scheduled yet';
    case 'paused':
      return `⏸️ paused by ${mention(task.state.by)}`;
    case 'kill-switch':
      return '🛑 stopped by the kill switch';
  }
}

function taskLine(task: TaskOverview): string {
  const zone = task.timezone ? ` ${escapeAndTruncate(task.timezone, 40)}` : '';
  const last = task.last
    ? `last ${TASK_STATUS_ICON[task.last.status]} ${task.last.status} ${slackDate(task.last.at)}`
    : 'never ran';
  const incident = task.incidentId ? ` (${escapeAndTruncate(task.incidentId, 40)})` : '';
  return `• \`${escapeAndTruncate(task.id, 80)}\` · \`${escapeAndTruncate(task.cron, 60)}\`${zone} · ${task.mode} · ${last}${incident} · ${stateText(task)}`;
}

/** App Home's compact list of routine tasks (none: no section); `/task list` has the details. */
export function taskHomeBlocks(tasks: readonly TaskOverview[]): KnownBlock[] {
  if (tasks.length === 0) return [];
  return [
    header(`Routine tasks (${tasks.length})`),
    ...listBlocks('', tasks.map(taskLine), {
      maxItems: MAX_HOME_TASKS,
      itemMax: 500,
      maxBlocks: 2,
      noun: 'more tasks: `/task list`',
    }),
  ];
}
