import type { App } from '@slack/bolt';
import { parseWindow } from '../../domain/incident-stats.js';
import type { Ticket } from '../../domain/ticket.js';
import { PermanentError } from '../../errors.js';
import { approversOnlyText } from '../../pipeline/hitl/approvers.js';
import { mayDecide } from '../../pipeline/hitl/claim-decision.js';
import { resolveByHand, setKillSwitch } from '../../pipeline/hitl/manual-actions.js';
import { openIncident } from '../../pipeline/open-incident.js';
import { createIncidentHistory, type FoundIncident } from '../../pipeline/retention/incident-history.js';
import { servicesNow } from '../../pipeline/services-report.js';
import { startChaos, stopChaos } from '../../pipeline/watch/chaos.js';
import { incidentDetail, incidentList } from '../blocks/incident-replies.js';
import { postmortemMessage } from '../blocks/postmortem.js';
import { servicesMessage } from '../blocks/services.js';
import { statsMessage } from '../blocks/stats.js';
import { incidentHelp } from '../blocks/usage.js';
import { INCIDENT_SUBCOMMAND_ACCESS, parseIncidentCommand } from '../commands/incident-command.js';
import { reportToUser } from '../error-sink.js';
import { createMessageRecords, threadUrl } from '../outbox/message-records.js';
import { admitOpeningCommand } from './command-guard.js';
import type { ListenerDeps } from './inject-listener.js';

/** `/incident …`: read answers are private; the subcommands that change incidents need approvers. */
export function registerIncidentCommand(app: App, deps: ListenerDeps): void {
  const { ctx } = deps;
  const records = createMessageRecords(deps.redis, deps.keys);

  const history = createIncidentHistory(ctx);

  const withThread = async (ticket: Ticket, archivedSlack?: FoundIncident['slack']) => {
    const card = archivedSlack
      ? archivedSlack.find((message) => message.key === 'card')
      : (await records.all(ticket.id)).records.get('card');
    return { ticket, ...(card ? { threadUrl: threadUrl(card.channel, card.ts) } : {}) };
  };

  const findOrExplain = async (id: string) => {
    const found = await history.find(id);
    if (!found)
      throw new PermanentError('not_found', `There is no ${id}. Try \`/incident list\`.`, {
        httpStatus: 404,
      });
    return found;
  };

  app.command('/incident', async ({ command, ack, respond }) => {
    const parsed = parseIncidentCommand(command.text ?? '');
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...incidentHelp(parsed.problem) });
      return;
    }
    const now = ctx.now().toISOString();
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
    try {
      switch (parsed.kind) {
        case 'list': {
          const tickets = parsed.status
            ? await history.recent({ status: parsed.status, limit: 500 })
            : (await ctx.tickets.listOpen()).reverse();
          const lines = await Promise.all(tickets.map((ticket) => withThread(ticket)));
          const cold = lines.filter((line) => !line.threadUrl).map((line) => line.ticket.id);
          const cards = await history.archivedCards(cold);
          for (const line of lines) {
            const card = cards.get(line.ticket.id);
            if (card && !line.threadUrl) line.threadUrl = threadUrl(card.channel, card.ts);
          }
          await respond({ response_type: 'ephemeral', ...incidentList(lines, now, parsed.status) });
          return;
        }
        case 'show': {
          const found = await findOrExplain(parsed.id);
          const timeline = found.timeline.slice(-10).map((entry) => ({
            at: entry.at,
            type: entry.type,
            ...(entry.by ? { by: entry.by } : {}),
            summary: String(
              entry.data.summary ?? entry.data.reason ?? entry.data.decision ?? entry.data.stage ?? '',
            ),
          }));
          await respond({
            response_type: 'ephemeral',
            ...incidentDetail({ ...(await withThread(found.ticket, found.slack)), timeline }, now),
          });
          return;
        }
        case 'resolve': {
          const { ticket, from } = await resolveByHand(ctx, parsed.id, user, parsed.note);
          const text =
            from === 'redis'
              ? `${ticket.id} is now Resolved. The card says so.`
              : `${ticket.id} is now Resolved in the history. It had left Redis, so its card is no longer updated.`;
          await respond({ response_type: 'ephemeral', text });
          return;
        }
        case 'stats': {
          const window = parseWindow(parsed.window, ctx.now());
          if (!window) {
            await respond({
              response_type: 'ephemeral',
              ...incidentHelp(`Unknown window \`${parsed.window}\`: use 24h or 7d.`),
            });
            return;
          }
          await respond({
            response_type: 'ephemeral',
            ...statsMessage(await history.stats(window), window.label),
          });
          return;
        }
        case 'declare': {
          const ticket = await openIncident(ctx, {
            system: parsed.system,
            issue: parsed.issue,
            sev: parsed.sev ?? 'sev2',
            source: 'manual',
            channel: command.channel_id,
            openedBy: user,
          });
          await respond({
            response_type: 'ephemeral',
            text: `Declared ${ticket.id}: the card will appear in this channel.`,
          });
          return;
        }
        case 'postmortem': {
          const found = await findOrExplain(parsed.id);
          await respond({
            response_type: 'ephemeral',
            ...postmortemMessage(found.ticket.id, await history.postmortem(found, ctx.now())),
          });
          return;
        }
        case 'services': {
          await respond({
            response_type: 'ephemeral',
            ...servicesMessage({ catalog: ctx.directory.real, services: await servicesNow(ctx) }),
          });
          return;
        }
        case 'simulate': {
          if (parsed.start) await startChaos(ctx, command.channel_id, user);
          else await stopChaos(ctx, user);
          const text = parsed.start
            ? `🎲 Rehearsal started by <@${user}>: a random fault now, then one every ${ctx.settings.chaosIntervalSeconds.min}–${ctx.settings.chaosIntervalSeconds.max} s. Stop with \`/incident simulate stop\`.`
            : `🎲 Rehearsal stopped by <@${user}>.`;
          await respond({ response_type: 'in_channel', text });
          return;
        }
        case 'kill-switch': {
          await setKillSwitch(ctx, parsed.on, user);
          const text = parsed.on
            ? `🛑 Kill switch ON (by <@${user}>): no remediation will run until it is turned off. Diagnosis goes on.`
            : `✅ Kill switch OFF (by <@${user}>): held remediation resumes.`;
          await respond({ response_type: 'in_channel', text });
          return;
        }
      }
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        text: reportToUser(deps.logger, error, { command: '/incident', text: command.text }),
      });
    }
  });
}
