import { z } from 'zod';
import type { Severity } from './severity.js';
import { isClosed, type Status, statusLabel } from './status.js';

/** Who does what in a serious incident. Roles grant nothing: they are shown, and the lead is mentioned first. */
export const ROLE_NAMES = ['lead', 'comms', 'scribe'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

const SlackUser = z.string().regex(/^[UW][A-Z0-9]+$/);
export const IncidentRoles = z.object({
  lead: SlackUser.optional(),
  comms: SlackUser.optional(),
  scribe: SlackUser.optional(),
});
export type IncidentRoles = z.infer<typeof IncidentRoles>;

/** What did not work in an open room: said once in its thread, never a reason to fail the incident. */
export const RoomRefusals = z.object({
  canvas: z.string().optional(),
  archive: z.string().optional(),
});

/**
 * Where a serious incident lives in Slack, decided once by the outbox: its own channel, or (a
 * refused call, a missing scope) the main channel's thread, with the reason.
 */
export const IncidentRoom = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('open'),
    channel: z.string(),
    name: z.string(),
    at: z.string(),
    refused: RoomRefusals.optional(),
    archivedAt: z.string().optional(),
  }),
  z.object({ state: z.literal('fallback'), reason: z.string(), at: z.string() }),
]);
export type IncidentRoom = z.infer<typeof IncidentRoom>;
export type OpenRoom = Extract<IncidentRoom, { state: 'open' }>;

/** INCIDENT_CHANNELS and its companions. */
export interface RoomSettings {
  /** Severities that get a channel; empty: none (`off`). */
  severities: readonly Severity[];
  private: boolean;
  archiveAfterMs: number;
}

/** An incident a person or the crew already judged a copy or noise gets no channel. */
const NO_ROOM: ReadonlySet<Status> = new Set(['Duplicate', 'False_Positive']);

export function wantsRoom(
  settings: RoomSettings | undefined,
  ticket: { sev: Severity; status: Status; channel: string | null },
): boolean {
  if (!settings || ticket.channel === null) return false;
  return settings.severities.includes(ticket.sev) && !NO_ROOM.has(ticket.status);
}

export function openRoomOf(ticket: { room?: IncidentRoom | undefined }): OpenRoom | undefined {
  return ticket.room?.state === 'open' ? ticket.room : undefined;
}

/** Slack: lowercase letters, digits, `-` and `_`, at most 80 characters. */
export const MAX_CHANNEL_NAME = 80;
const MAX_SLUG = 40;
const SUFFIXES = 9;

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `inc-0007-payments-5xx`: the id, then the system and the issue's first words, cut on a word. */
export function roomName(ticket: { id: string; system: string; issue: string }): string {
  const words = slug(`${ticket.system} ${ticket.issue}`);
  let cut = words.slice(0, MAX_SLUG);
  if (words.length > MAX_SLUG && cut.includes('-')) cut = cut.slice(0, cut.lastIndexOf('-'));
  return [slug(ticket.id), cut].filter(Boolean).join('-');
}

/** The name, then `-2` … `-9` when it is taken, every one within Slack's limit. */
export function roomNameCandidates(base: string): string[] {
  const trimmed = base.slice(0, MAX_CHANNEL_NAME - 2).replace(/-+$/, '');
  return [trimmed, ...Array.from({ length: SUFFIXES - 1 }, (_, index) => `${trimmed}-${index + 2}`)];
}

const MAX_TOPIC = 250;

/** The channel's topic: id, severity, status and roles, kept current. */
export function roomTopic(ticket: {
  id: string;
  sev: Severity;
  status: Status;
  roles?: IncidentRoles | undefined;
}): string {
  const roles = ROLE_NAMES.flatMap((role) => {
    const user = ticket.roles?.[role];
    return user ? [`${role} <@${user}>`] : [];
  });
  const state = isClosed(ticket.status)
    ? `${statusLabel(ticket.status)} (closed)`
    : statusLabel(ticket.status);
  return [ticket.id, ticket.sev, state, ...roles].join(' · ').slice(0, MAX_TOPIC);
}

/** The lead first among those mentioned, but only when they are one of them: a role grants nothing. */
export function leadFirst(approvers: readonly string[], lead: string | undefined): readonly string[] {
  if (!lead || !approvers.includes(lead)) return approvers;
  return [lead, ...approvers.filter((id) => id !== lead)];
}

/** Everyone the channel should hold: the owner, the approvers, whoever declared it and the role holders. */
export function roomMembers(input: {
  owner?: string | undefined;
  approvers: readonly string[];
  openedBy?: string | undefined;
  roles?: IncidentRoles | undefined;
}): string[] {
  const people = [
    input.owner,
    ...input.approvers,
    input.openedBy,
    ...ROLE_NAMES.map((role) => input.roles?.[role]),
  ];
  // Only people: user groups cannot be invited to a channel.
  return [
    ...new Set(people.filter((id): id is string => id !== undefined && SlackUser.safeParse(id).success)),
  ];
}
