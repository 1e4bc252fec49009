import type { RecordedSlackMessage, RecordedTimelineEntry } from '../../domain/incident-record.js';
import {
  addTallies,
  emptyTally,
  type IncidentStats,
  type StatsWindow,
  statsOf,
  tallyIncidents,
} from '../../domain/incident-stats.js';
import { type Postmortem, postmortemOf } from '../../domain/postmortem.js';
import { isClosed, type Status } from '../../domain/status.js';
import type { Ticket } from '../../domain/ticket.js';
import type { PipelineContext } from '../context.js';
import { learnedLines } from '../reports.js';

export interface FoundIncident {
  ticket: Ticket;
  timeline: RecordedTimelineEntry[];
  /** Where it lives: Redis while hot, PostgreSQL once archived and evicted. */
  from: 'redis' | 'postgres';
  /** The archived Slack messages (hot incidents: ask the outbox's records). */
  slack?: RecordedSlackMessage[];
}

/**
 * One read port over both homes of an incident: Redis while it is hot, PostgreSQL once it left
 * Redis. `/incident`, App Home and `/api/incidents` read through it and cannot tell the two apart.
 */
export interface IncidentHistory {
  find(id: string): Promise<FoundIncident | undefined>;
  /** Newest first, hot and archived together (a hot copy wins). */
  recent(options: { status?: Status; limit: number }): Promise<Ticket[]>;
  stats(window: Pick<StatsWindow, 'from' | 'to'>): Promise<IncidentStats>;
  /** Root cards of incidents that left Redis (hot ones: the outbox's records have them). */
  archivedCards(ids: readonly string[]): Promise<Map<string, { channel: string; ts: string }>>;
  postmortem(found: FoundIncident, now: Date): Promise<Postmortem>;
}

/** How many of the newest hot incidents a filtered list or the stats look at. */
const HOT_SCAN_LIMIT = 1_000;

export function createIncidentHistory(ctx: PipelineContext): IncidentHistory {
  const archive = ctx.history;
  return {
    async find(id) {
      const ticket = await ctx.tickets.get(id);
      if (ticket) return { ticket, timeline: await ctx.timeline.read(id), from: 'redis' };
      const record = await archive?.read(id);
      if (!record) return undefined;
      return { ticket: record.ticket, timeline: record.timeline, from: 'postgres', slack: record.slack };
    },

    async recent({ status, limit }) {
      // Open ones by their index (however old), the rest among the newest: a stale Needs_Followup
      // has left the open index but still lists under its status.
      const [open, newest] = await Promise.all([
        ctx.tickets.listOpen(),
        ctx.tickets.listRecent(HOT_SCAN_LIMIT),
      ]);
      const hot = status && isClosed(status) ? newest : [...open, ...newest];
      const matching = hot.filter((ticket) => !status || ticket.status === status);
      const archived = archive ? await archive.recent({ ...(status ? { status } : {}), limit }) : [];
      const byId = new Map<string, Ticket>();
      for (const ticket of [...archived, ...matching]) byId.set(ticket.id, ticket);
      // listOpen and listRecent overlap: the map keeps one copy of each.
      return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
    },

    async stats(window) {
      // Hot incidents are tallied from Redis; the archived rest by SQL aggregates in PostgreSQL
      // (a hot copy wins: it may have changed since it was archived).
      const recent = await ctx.tickets.listRecent(HOT_SCAN_LIMIT);
      const hot = recent.filter((ticket) => Date.parse(ticket.createdAt) >= window.from.getTime());
      const hotTimelines = await Promise.all(hot.map((ticket) => ctx.timeline.read(ticket.id)));
      const timelines = new Map(hot.map((ticket, index) => [ticket.id, hotTimelines[index] ?? []]));
      const hotTally = tallyIncidents(hot, timelines, window);
      const archived = archive
        ? await archive.tally(
            window,
            recent.map((ticket) => ticket.id),
          )
        : emptyTally();
      return statsOf(addTallies(hotTally, archived), window);
    },

    async archivedCards(ids) {
      return archive ? archive.cards(ids) : new Map();
    },

    async postmortem(found, now) {
      return postmortemOf(found.ticket, found.timeline, {
        now,
        learned: await learnedLines(ctx, found.ticket),
      });
    },
  };
}
