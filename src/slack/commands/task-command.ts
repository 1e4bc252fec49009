import type { TaskOverview } from '../../domain/task-run.js';
import { TASK_STATUS_ICON } from '../blocks/tasks.js';

/** `/task list | run ID | pause ID | resume ID | retire ID`, parsed. Pure. */
export type TaskCommand =
  | { kind: 'list' }
  | { kind: 'run' | 'pause' | 'resume' | 'retire'; id: string }
  | { kind: 'usage'; problem?: string };

export const TASK_USAGE = [
  '*/task* — routine tasks: runbooks with a `schedule` (backups, cache clears, certificate checks…)',
  '• `/task list`: every task, its schedule, mode, state and last run',
  '• `/task run ID`: run it now (approvers of its service; an `approve` task still posts its approval)',
  '• `/task pause ID` · `/task resume ID`: turn its schedule off or on (approvers of its service)',
  '• `/task retire ID`: remove the schedule of a task whose runbook is gone (approvers)',
].join('\n');

export function parseTaskCommand(text: string): TaskCommand {
  const [verb, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  if (verb === undefined || verb === 'help') return { kind: 'usage' };
  switch (verb) {
    case 'list':
      return rest.length > 0 ? { kind: 'usage', problem: '`list` takes nothing after it' } : { kind: 'list' };
    case 'run':
    case 'pause':
    case 'resume':
    case 'retire':
      if (rest.length !== 1 || !rest[0]) return { kind: 'usage', problem: `\`${verb}\` takes one task id` };
      return { kind: verb, id: rest[0] };
    default:
      return { kind: 'usage', problem: `unknown subcommand \`${verb}\`` };
  }
}

/** A task as `/task list` shows it. */
export type TaskListView = TaskOverview;

function stateText(state: TaskListView['state']): string {
  switch (state.kind) {
    case 'active':
      return state.nextAt ? `active, next ${clock(state.nextAt)}` : 'active';
    case 'paused':
      return `paused by <@${state.by}>`;
    case 'kill-switch':
      return 'stopped by the kill switch';
  }
}

/** `2026-12-06 07:31:02 UTC`: plain, so an ephemeral reads the same everywhere. */
function clock(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 19)} UTC`;
}

export function taskListText(views: readonly TaskListView[]): string {
  if (views.length === 0) return 'No routine tasks: no runbook has a `schedule` (`WARROOM_RUNBOOKS`).';
  const lines = views.slice(0, 40).map((view) => {
    const zone = view.timezone ? ` ${view.timezone}` : '';
    const last = view.last
      ? ` · last ${TASK_STATUS_ICON[view.last.status]} ${view.last.status} ${clock(view.last.at)}`
      : ' · never ran';
    const incident = view.incidentId ? ` · ${view.incidentId}` : '';
    return `• \`${view.id}\` ${view.title} on \`${view.service}\` · \`${view.cron}\`${zone} · ${view.mode} · ${stateText(view.state)}${last}${incident}`;
  });
  const more = views.length > 40 ? [`…and ${views.length - 40} more`] : [];
  return ['*Routine tasks*', ...lines, ...more].join('\n');
}
