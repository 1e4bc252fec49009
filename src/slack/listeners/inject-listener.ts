import { injectAndOpen, refireLatest } from '../../pipeline/inject.js';
import { injectUsage } from '../blocks/usage.js';
import { injectScenarios, parseInjectCommand, simPrefixFor } from '../commands/inject-command.js';
import { reportToUser } from '../error-sink.js';
import { admitOpeningCommand } from './command-guard.js';
import type { CommandArgs, Handler } from './handler-types.js';

/** `/inject <scenario> [service]`: ack at once, validate, then open the incident (a few Redis writes). */
export const injectCommand: Handler<CommandArgs> =
  (deps) =>
  async ({ command, ack, respond }) => {
    const parsed = parseInjectCommand(command.text ?? '');
    if (parsed.kind === 'usage') {
      await ack({
        response_type: 'ephemeral',
        ...injectUsage({
          scenarios: injectScenarios(simPrefixFor(deps.ctx.directory.real)),
          problem: parsed.problem,
        }),
      });
      return;
    }
    // Slack may deliver the same command twice (double submits): its trigger_id is unique.
    const admission = await admitOpeningCommand(deps, {
      name: '/inject',
      scope: 'inject',
      triggerId: command.trigger_id,
      userId: command.user_id,
      text: command.text,
    });
    if (admission.kind === 'duplicate') return void (await ack());
    if (admission.kind === 'refuse')
      return void (await ack({ response_type: 'ephemeral', text: admission.text }));
    const what =
      parsed.kind === 'duplicate'
        ? 'the latest open incident again'
        : `\`${parsed.fault}\` on \`${parsed.service}\``;
    await ack({
      response_type: 'ephemeral',
      text: `Injecting ${what}. The incident card will appear in this channel.`,
    });
    try {
      const ticket =
        parsed.kind === 'duplicate'
          ? await refireLatest(deps.ctx, command.channel_id, command.user_id)
          : await injectAndOpen(deps.ctx, {
              fault: parsed.fault,
              service: parsed.service,
              channel: command.channel_id,
              user: command.user_id,
              ...(parsed.sev ? { sev: parsed.sev } : {}),
            });
      deps.logger.info(
        { incident: ticket.id, user: command.user_id, command: command.text },
        'incident injected',
      );
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        text: reportToUser(deps.logger, error, { command: '/inject', text: command.text }),
      });
    }
  };
