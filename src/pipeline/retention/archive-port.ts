import type { IncidentRecord, RecordedTimelineEntry } from '../../domain/incident-record.js';
import type { Status } from '../../domain/status.js';
import type { Ticket } from '../../domain/ticket.js';

export interface ArchivedIncident {
  ticket: Ticket;
  timeline: RecordedTimelineEntry[];
}

/** Where closed incidents go to last (PostgreSQL); the pipeline and the readers know only this. */
export interface IncidentArchive {
  /** One transaction; safe to repeat (the same incident twice leaves one copy). */
  archive(record: IncidentRecord): Promise<void>;
  read(id: string): Promise<IncidentRecord | undefined>;
  /** Newest first. */
  recent(options: { status?: Status; limit: number }): Promise<Ticket[]>;
  /** The root card (channel and ts) of each archived incident that had one. */
  cards(ids: readonly string[]): Promise<Map<string, { channel: string; ts: string }>>;
  /** Incidents opened at or after `from`, with their timelines (what the stats count). */
  openedSince(from: Date): Promise<ArchivedIncident[]>;
}
