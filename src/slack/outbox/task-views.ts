import type { TaskRun, TaskRunStatus } from '../../domain/task-run.js';
import type { TaskDigestLine, TaskDigestView } from '../blocks/tasks.js';

/** The day's digest from its runs, pure: one line per task, in task id order. */
export function taskDigestView(day: string, runs: readonly TaskRun[]): TaskDigestView {
  const byTask = new Map<string, TaskRun[]>();
  for (const run of runs) byTask.set(run.taskId, [...(byTask.get(run.taskId) ?? []), run]);
  const tasks = [...byTask.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .flatMap(([, taskRuns]): TaskDigestLine[] => {
      const ordered = [...taskRuns].sort((left, right) => left.startedAt.localeCompare(right.startedAt));
      const last = ordered.at(-1);
      if (last === undefined) return [];
      const counts: Partial<Record<TaskRunStatus, number>> = {};
      for (const run of ordered) counts[run.status] = (counts[run.status] ?? 0) + 1;
      const incidents = [...new Set(ordered.flatMap((run) => (run.incidentId ? [run.incidentId] : [])))];
      return [
        {
          taskId: last.taskId,
          title: last.title,
          service: last.service,
          mode: last.mode,
          counts,
          last: {
            status: last.status,
            at: last.finishedAt ?? last.startedAt,
            ...(last.reason ? { reason: last.reason } : {}),
          },
          incidents,
        },
      ];
    });
  return { day, tasks };
}

/** Runs that asked a person: they keep an approval message, updated with the decision and result. */
export function askedForApproval(run: TaskRun): boolean {
  return (
    run.mode === 'approve' &&
    (run.status === 'awaiting-approval' || run.status === 'expired' || run.decidedBy !== undefined)
  );
}

const ANSWER: Record<TaskRunStatus, string> = {
  running: 'is running',
  'awaiting-approval': 'waits for approval',
  ok: 'ran: every step succeeded',
  failed: 'failed',
  rejected: 'was rejected',
  expired: 'expired before anyone decided',
  skipped: 'did not run',
};

/** The private answer to `/task run` once the run is over. */
export function taskRunAnswer(run: TaskRun): string {
  const why = run.reason ? `: ${run.reason}` : '';
  const incident = run.incidentId ? ` Incident ${run.incidentId} is open for it.` : '';
  return `Task \`${run.taskId}\` (run ${run.runId}) ${ANSWER[run.status]}${why}.${incident}`;
}
