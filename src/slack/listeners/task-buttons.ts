import { TaskRunRef } from '../../domain/task-run.js';
import { decideTaskRun } from '../../pipeline/tasks/task-decision.js';
import { TASK_APPROVE, TASK_REJECT } from '../action-ids.js';
import { reportToUser } from '../error-sink.js';
import type { ButtonArgs, Handler } from './handler-types.js';
import { replyTo } from './private-reply.js';

/**
 * Approve or Reject on a routine task run's approval: the approvers of the task's service decide,
 * the first decision wins, anyone refused is told privately. Approve queues the run's steps.
 */
function taskDecisionButton(
  actionId: typeof TASK_APPROVE | typeof TASK_REJECT,
  kind: 'approved' | 'rejected',
): Handler<ButtonArgs> {
  return (deps) =>
    async ({ ack, action, body, respond, client }) => {
      await ack();
      const say = replyTo(body, respond, client, async () => deps.ctx.settings.incidentChannel);
      const ref = TaskRunRef.safeParse(action.value);
      if (!ref.success)
        return void (await say(
          'This button does not belong to a Warroom task approval. Nothing was changed.',
        ));
      try {
        const refusal = await decideTaskRun(deps.ctx, ref.data, body.user.id, kind);
        if (refusal !== undefined) await say(refusal);
      } catch (error) {
        await say(
          reportToUser(deps.logger, error, { action: actionId, task: ref.data.taskId, run: ref.data.runId }),
        );
      }
    };
}

export const taskApproveButton = taskDecisionButton(TASK_APPROVE, 'approved');
export const taskRejectButton = taskDecisionButton(TASK_REJECT, 'rejected');
