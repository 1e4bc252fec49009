import { ChangeId } from '../../domain/rollout/rollout.js';
import { resumeRollout, rollBackRollout } from '../../pipeline/rollouts/rollout-decision.js';
import { CHANGE_RESUME, CHANGE_ROLLBACK } from '../action-ids.js';
import { reportToUser } from '../error-sink.js';
import type { ButtonArgs, Handler } from './handler-types.js';
import { replyTo } from './private-reply.js';

/** Resume or Roll back on a halted change's card: as `/change resume|rollback`, answered privately. */
function changeButton(
  actionId: typeof CHANGE_RESUME | typeof CHANGE_ROLLBACK,
  act: typeof resumeRollout,
): Handler<ButtonArgs> {
  return (deps) =>
    async ({ ack, action, body, respond, client }) => {
      await ack();
      const say = replyTo(body, respond, client, async () => deps.ctx.settings.incidentChannel);
      const id = ChangeId.safeParse(action.value);
      if (!id.success)
        return void (await say('This button does not belong to a Warroom change. Nothing was changed.'));
      try {
        await say(await act(deps.ctx, id.data, body.user.id));
      } catch (error) {
        await say(reportToUser(deps.logger, error, { action: actionId, change: id.data }));
      }
    };
}

export const changeResumeButton = changeButton(CHANGE_RESUME, resumeRollout);
export const changeRollbackButton = changeButton(CHANGE_ROLLBACK, rollBackRollout);
