import { parseWindow } from '../../domain/incident-stats.js';
import type { Ticket } from '../../domain/ticket.js';
import { timelineEvent, timelineSummary } from '../../domain/timeline.js';
import { PermanentError } from '../../errors.js';
import { resolveByHand, setKillSwitch } from '../../pipeline/hitl/manual-actions.js';
import { openIncident } from '../../pipeline/open-incident.js';
import {
  createIncidentHistory,
  type FoundIncident,
  type IncidentHistory,
} from '../../pipeline/retention/incident-history.js';
import { assignRole, incidentOfChannel } from '../../pipeline/roles.js';
import { servicesNow } from '../../pipeline/services-report.js';
import { startChaos, stopChaos } from '../../pipeline/watch/chaos.js';
import { createMessageRecords } from '../../store/message-records.js';
import { incidentDetail, incidentList } from '../blocks/incident-replies.js';
import { postmortemMessage } from '../blocks/postmortem.js';
import { postmortemMarkdown } from '../blocks/postmortem-text.js';
import { servicesMessage } from '../blocks/services.js';
import {
  noSilenceMatchesText,
  silenceAddedText,
  silenceEndedText,
  silencesMessage,
} from '../blocks/silences.js';
import type { SlackMessage } from '../blocks/slack-types.js';
import { statsMessage } from '../blocks/stats.js';
import { incidentHelp } from '../blocks/usage.js';
import type { IncidentCommand } from '../commands/incident-command.js';
import { MESSAGE_KEYS } from '../outbox/message-keys.js';
import { threadUrl } from '../outbox/thread-url.js';
import type { ListenerDeps } from './handler-types.js';

type Commands = { [C in IncidentCommand as C['kind']]: C };
/** The subcommands that run (help is answered before anything runs). */
export type Subcommand = Exclude<keyof Commands, 'help'>;

type Reply = Pick<SlackMessage, 'text'> & Partial<Pick<SlackMessage, 'blocks'>>;
export type SubcommandReply = Reply & { response_type: 'ephemeral' | 'in_channel' };

/** What a subcommand runs with: the app's dependencies, incident reads, who asked and where. */
export interface SubcommandScope {
  deps: ListenerDeps;
  history: IncidentHistory;
  withThread(ticket: Ticket, archivedSlack?: FoundIncident['slack']): Promise<IncidentLineRef>;
  user: string;
  channel: string;
  /** The channel's name as Slack sent it: an incident channel's names its incident (`inc-0007-…`). */
  channelName?: string;
  now: string;
}

interface IncidentLineRef {
  ticket: Ticket;
  threadUrl?: string;
}

type Run<K extends Subcommand> = (scope: SubcommandScope, parsed: Commands[K]) => Promise<SubcommandReply>;

const privately = (message: Reply): SubcommandReply => ({ response_type: 'ephemeral', ...message });
const inChannel = (text: string): SubcommandReply => ({ response_type: 'in_channel', text });

async function findOrExplain(history: IncidentHistory, id: string): Promise<FoundIncident> {
  const found = await history.find(id);
  if (!found)
    throw new PermanentError('not_found', `There is no ${id}. Try \`/incident list\`.`, { httpStatus: 404 });
  return found;
}

const list: Run<'list'> = async ({ deps, history, withThread, now }, parsed) => {
  const tickets = parsed.status
    ? await history.recent({ status: parsed.status, limit: 500 })
    : (await deps.ctx.tickets.listOpen()).reverse();
  const lines = await Promise.all(tickets.map((ticket) => withThread(ticket)));
  const cold = lines.filter((line) => !line.threadUrl).map((line) => line.ticket.id);
  const cards = await history.archivedCards(cold);
  for (const line of lines) {
    const card = cards.get(line.ticket.id);
    if (card && !line.threadUrl) line.threadUrl = threadUrl(card.channel, card.ts);
  }
  return privately(incidentList(lines, now, parsed.status));
};

const show: Run<'show'> = async ({ history, withThread, now }, parsed) => {
  const found = await findOrExplain(history, parsed.id);
  const timeline = found.timeline.slice(-10).map((entry) => {
    const event = timelineEvent(entry);
    return {
      at: entry.at,
      type: entry.type,
      ...(entry.by ? { by: entry.by } : {}),
      summary: event ? timelineSummary(event) : '',
    };
  });
  return privately(incidentDetail({ ...(await withThread(found.ticket, found.slack)), timeline }, now));
};

const resolve: Run<'resolve'> = async ({ deps, user }, parsed) => {
  const { ticket, from } = await resolveByHand(deps.ctx, parsed.id, user, parsed.note);
  return privately({
    text:
      from === 'redis'
        ? `${ticket.id} is now Resolved. The card says so.`
        : `${ticket.id} is now Resolved in the history. It had left Redis, so its card is no longer updated.`,
  });
};

const stats: Run<'stats'> = async ({ deps, history }, parsed) => {
  const window = parseWindow(parsed.window, deps.ctx.now());
  if (!window) return privately(incidentHelp(`Unknown window \`${parsed.window}\`: use 24h or 7d.`));
  return privately(statsMessage(await history.stats(window), window.label));
};

const declare: Run<'declare'> = async ({ deps, user, channel }, parsed) => {
  const ticket = await openIncident(deps.ctx, {
    system: parsed.system,
    issue: parsed.issue,
    sev: parsed.sev ?? 'sev2',
    source: 'manual',
    channel,
    openedBy: user,
  });
  return privately({ text: `Declared ${ticket.id}: the card will appear in this channel.` });
};

const postmortem: Run<'postmortem'> = async ({ deps, history }, parsed) => {
  const found = await findOrExplain(history, parsed.id);
  const written = postmortemMarkdown(await history.postmortem(found, deps.ctx.now()));
  return privately(postmortemMessage(found.ticket.id, written));
};

const services: Run<'services'> = async ({ deps }) =>
  privately(servicesMessage({ catalog: deps.ctx.directory.real, services: await servicesNow(deps.ctx) }));

const simulate: Run<'simulate'> = async ({ deps, user, channel }, parsed) => {
  const { ctx } = deps;
  if (!parsed.start) {
    await stopChaos(ctx, user);
    return inChannel(`🎲 Rehearsal stopped by <@${user}>.`);
  }
  await startChaos(ctx, channel, user);
  const { min, max } = ctx.settings.chaosIntervalSeconds;
  return inChannel(
    `🎲 Rehearsal started by <@${user}>: a random fault now, then one every ${min}–${max} s. Stop with \`/incident simulate stop\`.`,
  );
};

const killSwitch: Run<'kill-switch'> = async ({ deps, user }, parsed) => {
  await setKillSwitch(deps.ctx, parsed.on, user);
  return inChannel(
    parsed.on
      ? `🛑 Kill switch ON (by <@${user}>): no remediation will run until it is turned off. Diagnosis goes on.`
      : `✅ Kill switch OFF (by <@${user}>): held remediation resumes.`,
  );
};

const role: Run<'role'> = async ({ deps, user, channel, channelName }, parsed) => {
  const id = parsed.id ?? (await incidentOfChannel(deps.ctx, channel, channelName));
  if (!id) {
    return privately({
      text: `This is not an incident's channel: name the incident, e.g. \`/incident role ${parsed.role} <@${parsed.user}> INC-0007\`. Nothing was changed.`,
    });
  }
  await assignRole(deps.ctx, id, parsed.role, parsed.user, user);
  return inChannel(`<@${user}> named <@${parsed.user}> ${parsed.role} of ${id}.`);
};

const silence: Run<'silence'> = async ({ deps, user }, parsed) => {
  const { ctx } = deps;
  const now = ctx.now();
  const added = await ctx.silences.add({
    target: parsed.target,
    by: user,
    ...(parsed.reason ? { reason: parsed.reason } : {}),
    createdAt: now.toISOString(),
    until: new Date(now.getTime() + parsed.seconds * 1000).toISOString(),
  });
  await ctx.queues.requestHomeRefresh();
  return inChannel(silenceAddedText({ ...added, duration: parsed.duration }));
};

const silences: Run<'silences'> = async ({ deps, now }) =>
  privately(silencesMessage(await deps.ctx.silences.list(deps.ctx.now()), now));

const unsilence: Run<'unsilence'> = async ({ deps, user }, parsed) => {
  const ended = await deps.ctx.silences.end(parsed.target, deps.ctx.now());
  if (ended.length === 0) return privately({ text: noSilenceMatchesText(parsed.target) });
  await deps.ctx.queues.requestHomeRefresh();
  return inChannel(silenceEndedText(ended, user));
};

/** Every subcommand's handler: one missing is a compile error. */
const SUBCOMMANDS: { [K in Subcommand]: Run<K> } = {
  list,
  show,
  resolve,
  stats,
  declare,
  postmortem,
  services,
  simulate,
  'kill-switch': killSwitch,
  role,
  silence,
  silences,
  unsilence,
};

export function runSubcommand<K extends Subcommand>(
  scope: SubcommandScope,
  kind: K,
  parsed: Commands[K],
): Promise<SubcommandReply> {
  return SUBCOMMANDS[kind](scope, parsed);
}

/** The per-app parts of a scope: incident reads and the thread link of a hot or archived card. */
export function subcommandReads(deps: ListenerDeps): Pick<SubcommandScope, 'history' | 'withThread'> {
  const records = createMessageRecords(deps.redis, deps.keys);
  return {
    history: createIncidentHistory(deps.ctx),
    async withThread(ticket, archivedSlack) {
      const card = archivedSlack
        ? archivedSlack.find((message) => message.key === MESSAGE_KEYS.card)
        : (await records.all(ticket.id)).records.get(MESSAGE_KEYS.card);
      return { ticket, ...(card ? { threadUrl: threadUrl(card.channel, card.ts) } : {}) };
    },
  };
}
