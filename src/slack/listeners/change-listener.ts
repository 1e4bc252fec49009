import { resumeRollout, rollBackRollout } from '../../pipeline/rollouts/rollout-decision.js';
import { openRolloutChange } from '../../pipeline/rollouts/rollout-open.js';
import { taskApproverRefusal } from '../../pipeline/tasks/task-decision.js';
import { CHANGE_USAGE, changeListText, parseChangeCommand } from '../commands/change-command.js';
import { reportToUser } from '../error-sink.js';
import type { CommandArgs, Handler } from './handler-types.js';
import { commandRequestId } from './request-id.js';

const LIST_LIMIT = 15;

/**
 * `/change`: roll out, list, resume and roll back changes, answered privately. Everything is
 * checked before anything changes; a rollout is opened and its pre-flight queued (the card and its
 * thread say the rest in the incident channel).
 */
export const changeCommand: Handler<CommandArgs> =
  (deps) =>
  async ({ command, ack, respond }) => {
    const { ctx } = deps;
    const parsed = parseChangeCommand(command.text ?? '');
    const reply = (text: string) => ack({ response_type: 'ephemeral', text });
    if (parsed.kind === 'usage')
      return reply(parsed.problem ? `${parsed.problem}.\n${CHANGE_USAGE}` : CHANGE_USAGE);
    try {
      if (parsed.kind === 'list') return await reply(changeListText(await ctx.rollouts.recent(LIST_LIMIT)));
      if (parsed.kind !== 'rollout')
        return await reply(
          await (parsed.kind === 'resume' ? resumeRollout : rollBackRollout)(ctx, parsed.id, command.user_id),
        );
      const service = ctx.catalog?.find(parsed.request.service);
      if (service === undefined)
        return await reply(
          `\`${parsed.request.service}\` is not a service of the catalog. Nothing was started.`,
        );
      const refusal = await taskApproverRefusal(
        ctx,
        service.name,
        command.user_id,
        `roll out ${service.name}`,
      );
      if (refusal !== undefined) return await reply(refusal);
      const opened = await openRolloutChange(ctx, parsed.request, {
        requestedBy: command.user_id,
        source: 'slack',
        ...(/^[CDG][A-Z0-9]+$/.test(command.channel_id) ? { channel: command.channel_id } : {}),
        requestKey: commandRequestId(command.trigger_id),
      });
      if (!opened.ok) return await reply(`${opened.problem} Nothing was started.`);
      const { rollout } = opened;
      return await reply(
        `${rollout.id} opened: rolling out \`${rollout.service}\` ${rollout.version}. Pre-flight runs now; its card and thread are in <#${ctx.settings.incidentChannel}>.`,
      );
    } catch (error) {
      const text = reportToUser(deps.logger, error, { command: '/change', text: command.text });
      await reply(text).catch(() => respond({ response_type: 'ephemeral', text }));
    }
  };
