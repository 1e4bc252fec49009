import type { PipelineContext } from '../../pipeline/context.js';
import { approversOnlyText } from '../../pipeline/hitl/approvers.js';
import { mayDecide } from '../../pipeline/hitl/claim-decision.js';
import { taskApproverRefusal } from '../../pipeline/tasks/task-decision.js';
import { taskOverviews } from '../../pipeline/tasks/task-overview.js';
import { findTask, retireTask, syncTaskSchedules, type Task } from '../../pipeline/tasks/task-schedules.js';
import { parseTaskCommand, TASK_USAGE, taskListText } from '../commands/task-command.js';
import { reportToUser } from '../error-sink.js';
import type { CommandArgs, Handler } from './handler-types.js';
import { commandRequestId } from './request-id.js';

/** The task `id` names, or the sentence that says why there is none. */
function taskNamed(ctx: PipelineContext, id: string): Task | string {
  const task = findTask(ctx, id);
  if (task) return task;
  if (ctx.runbooks.some((runbook) => runbook.id === id))
    return `Runbook \`${id}\` has no \`schedule\`: it is no routine task. Try \`/task list\`.`;
  return `No routine task \`${id}\`. Try \`/task list\`.`;
}

/**
 * `/task`: list, run, pause, resume and retire routine tasks, answered privately. Everything is checked
 * before anything changes; running is queued (the worker answers privately when the run is over).
 */
export const taskCommand: Handler<CommandArgs> =
  (deps) =>
  async ({ command, ack, respond }) => {
    const { ctx } = deps;
    const parsed = parseTaskCommand(command.text ?? '');
    const reply = (text: string) => ack({ response_type: 'ephemeral', text });
    if (parsed.kind === 'usage')
      return reply(parsed.problem ? `${parsed.problem}.\n${TASK_USAGE}` : TASK_USAGE);
    try {
      if (parsed.kind === 'list') return await reply(taskListText(await taskOverviews(ctx)));
      // A retired task has no runbook here, so no service: the approvers at large decide.
      if (parsed.kind === 'retire')
        return await reply(
          mayDecide(ctx, command.user_id)
            ? await retireTask(ctx, parsed.id)
            : approversOnlyText(ctx.settings.approvers, `retire task ${parsed.id}`),
        );
      const task = taskNamed(ctx, parsed.id);
      if (typeof task === 'string') return await reply(task);
      const refusal = await taskApproverRefusal(
        ctx,
        task.schedule.service,
        command.user_id,
        `${parsed.kind} task ${task.id}`,
      );
      if (refusal !== undefined) return await reply(refusal);
      if (parsed.kind === 'run') return await reply(await runNow(ctx, task, command));
      const changed =
        parsed.kind === 'pause'
          ? await ctx.tasks.pause(task.id, command.user_id, ctx.now())
          : await ctx.tasks.resume(task.id);
      if (!changed)
        return await reply(
          `Task \`${task.id}\` is already ${parsed.kind === 'pause' ? 'paused' : 'running on its schedule'}. Nothing was changed.`,
        );
      await syncTaskSchedules(ctx);
      await ctx.queues.requestHomeRefresh();
      if (parsed.kind === 'pause')
        return await reply(
          `Task \`${task.id}\` paused: its schedule is off until \`/task resume ${task.id}\`.`,
        );
      const killed = (await ctx.killSwitch.state()).on
        ? ' The kill switch is on: it runs again once the kill switch is off.'
        : '';
      return await reply(`Task \`${task.id}\` resumed: it runs on \`${task.schedule.cron}\` again.${killed}`);
    } catch (error) {
      const text = reportToUser(deps.logger, error, { command: '/task', text: command.text });
      // Acked already, or not: either way the person hears about it privately.
      await reply(text).catch(() => respond({ response_type: 'ephemeral', text }));
    }
  };

async function runNow(
  ctx: PipelineContext,
  task: Task,
  command: { user_id: string; channel_id: string; trigger_id?: string },
): Promise<string> {
  if ((await ctx.killSwitch.state()).on)
    return 'The kill switch is on: no task runs until it is off. Nothing was queued.';
  if (task.schedule.mode === 'approve' && !ctx.settings.incidentChannel)
    return `Task \`${task.id}\` asks for approval in the incident channel, and none is set (SLACK_INCIDENT_CHANNEL). Nothing was queued.`;
  const requestId = commandRequestId(command.trigger_id);
  await ctx.queues.add('task-run', {
    taskId: task.id,
    requestId,
    by: command.user_id,
    ...(/^[CDG][A-Z0-9]+$/.test(command.channel_id) ? { channel: command.channel_id } : {}),
  });
  const approval =
    task.schedule.mode === 'approve' ? ` Its approval is posted in <#${ctx.settings.incidentChannel}>.` : '';
  return `Task \`${task.id}\` queued (ref ${requestId}).${approval} The result follows here, privately.`;
}
