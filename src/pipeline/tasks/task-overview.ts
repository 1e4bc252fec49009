import type { TaskOverview } from '../../domain/task-run.js';
import type { PipelineContext } from '../context.js';
import { nextRuns, routineTasks } from './task-schedules.js';

/** Every task of this process's runbooks with its state, last run and next run (`/task list`, App Home). */
export async function taskOverviews(ctx: PipelineContext): Promise<TaskOverview[]> {
  const tasks = routineTasks(ctx.runbooks);
  if (tasks.length === 0) return [];
  const [paused, states, killSwitch, next] = await Promise.all([
    ctx.tasks.paused(),
    ctx.tasks.states(),
    ctx.killSwitch.state(),
    nextRuns(ctx),
  ]);
  return tasks.map((task) => {
    const pause = paused.get(task.id);
    const state = states.get(task.id);
    const nextAt = next.get(task.id);
    return {
      id: task.id,
      title: task.title,
      service: task.schedule.service,
      cron: task.schedule.cron,
      ...(task.schedule.timezone ? { timezone: task.schedule.timezone } : {}),
      mode: task.schedule.mode,
      state: pause
        ? { kind: 'paused', by: pause.by }
        : killSwitch.on
          ? { kind: 'kill-switch' }
          : { kind: 'active', ...(nextAt === undefined ? {} : { nextAt: new Date(nextAt).toISOString() }) },
      ...(state?.last ? { last: { status: state.last.status, at: state.last.at } } : {}),
      ...(state?.incidentId ? { incidentId: state.incidentId } : {}),
    };
  });
}
