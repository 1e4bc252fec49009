import { approversOnlyText } from '../../pipeline/hitl/approvers.js';
import { mayDecide } from '../../pipeline/hitl/claim-decision.js';
import { incidentHelp } from '../blocks/usage.js';
import { INCIDENT_SUBCOMMAND_ACCESS, parseIncidentCommand } from '../commands/incident-command.js';
import { reportToUser } from '../error-sink.js';
import { admitOpeningCommand } from './command-guard.js';
import type { CommandArgs, Handler } from './handler-types.js';
import { runSubcommand, subcommandReads } from './incident-subcommands.js';

/**
 * `/incident …`: parse, check who may run it, ack, then run its subcommand's handler. Read answers
 * are private; the subcommands that change incidents need approvers; declaring is rate-limited.
 */
export const incidentCommand: Handler<CommandArgs> = (deps) => {
  const { ctx } = deps;
  const reads = subcommandReads(deps);
  return async ({ command, ack, respond }) => {
    const parsed = parseIncidentCommand(command.text ?? '');
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...incidentHelp(parsed.problem) });
      return;
    }
    const user = command.user_id;
    if (INCIDENT_SUBCOMMAND_ACCESS[parsed.kind] === 'approvers' && !mayDecide(ctx, user)) {
      await ack({
        response_type: 'ephemeral',
        text: approversOnlyText(ctx.settings.approvers, `run \`/incident ${parsed.kind}\``),
      });
      return;
    }
    if (parsed.kind === 'declare') {
      const admission = await admitOpeningCommand(deps, {
        name: '/incident declare',
        scope: 'declare',
        triggerId: command.trigger_id,
        userId: user,
        text: command.text,
      });
      if (admission.kind === 'duplicate') return void (await ack());
      if (admission.kind === 'refuse')
        return void (await ack({ response_type: 'ephemeral', text: admission.text }));
    }
    await ack();
    const scope = {
      deps,
      ...reads,
      user,
      channel: command.channel_id,
      ...(command.channel_name ? { channelName: command.channel_name } : {}),
      now: ctx.now().toISOString(),
    };
    try {
      await respond(await runSubcommand(scope, parsed.kind, parsed));
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        text: reportToUser(deps.logger, error, { command: '/incident', text: command.text }),
      });
    }
  };
};
