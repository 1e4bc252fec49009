import type { App } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { injectAndOpen, refireLatest } from '../../pipeline/inject.js';
import type { Keys } from '../../store/keys.js';
import { claimOnce } from '../../store/once.js';
import { injectUsage } from '../blocks/usage.js';
import { injectScenarios, parseInjectCommand } from '../commands/inject-command.js';
import { reportToUser } from '../error-sink.js';

export interface ListenerDeps {
  ctx: PipelineContext;
  redis: Redis;
  keys: Keys;
  logger: Logger;
}

/** `/inject <scenario> [service]`: ack at once, validate, then open the incident (a few Redis writes). */
export function registerInjectCommand(app: App, deps: ListenerDeps): void {
  app.command('/inject', async ({ command, ack, respond }) => {
    const parsed = parseInjectCommand(command.text ?? '');
    if (parsed.kind === 'usage') {
      await ack({
        response_type: 'ephemeral',
        ...injectUsage({ scenarios: injectScenarios(), problem: parsed.problem }),
      });
      return;
    }
    // Slack may deliver the same command twice (retries, double submits): its trigger_id is unique.
    if (!(await claimOnce(deps.redis, deps.keys, 'command', command.trigger_id))) {
      await ack();
      return;
    }
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
  });
}
