import { parseIncidentId } from '../domain/incident-id.js';
import type { RoleName } from '../domain/incident-room.js';
import type { Ticket } from '../domain/ticket.js';
import { PermanentError } from '../errors.js';
import type { PipelineContext } from './context.js';

/**
 * `/incident role lead|comms|scribe @user`: names who does what, shown on the card and the channel
 * topic. A role grants nothing: deciding stays with the approvers.
 */
export async function assignRole(
  ctx: PipelineContext,
  incidentId: string,
  role: RoleName,
  user: string,
  by: string,
): Promise<Ticket> {
  if (!(await ctx.tickets.get(incidentId)))
    throw new PermanentError('not_found', `There is no ${incidentId}. Try \`/incident list\`.`, {
      httpStatus: 404,
    });
  const ticket = await ctx.tickets.update(incidentId, (current) =>
    current.roles?.[role] === user ? undefined : { ...current, roles: { ...current.roles, [role]: user } },
  );
  await ctx.timeline.append(incidentId, 'role.assigned', { role, user }, { by });
  await ctx.queues.requestSlackSync(incidentId);
  return ticket;
}

/**
 * The incident whose own channel this is: the id its name starts with (`inc-0007-…`), checked
 * against the channel the incident recorded; else any open incident that lives there (renamed).
 */
export async function incidentOfChannel(
  ctx: PipelineContext,
  channel: string,
  channelName: string | undefined,
): Promise<string | undefined> {
  const named = /^inc-(\d+)/.exec(channelName ?? '')?.[1];
  const id = named ? parseIncidentId(named) : undefined;
  const ticket = id ? await ctx.tickets.get(id) : undefined;
  if (ticket?.room?.state === 'open' && ticket.room.channel === channel) return ticket.id;
  const open = await ctx.tickets.listOpen();
  return open.find((candidate) => candidate.room?.state === 'open' && candidate.room.channel === channel)?.id;
}
