import type { IncidentRecord } from '../../domain/incident-record.js';
import type { StatsTally } from '../../domain/incident-stats.js';
import type { Status } from '../../domain/status.js';
import type { Ticket } from '../../domain/ticket.js';

/** Where closed incidents go to last (PostgreSQL); the pipeline and the readers know only this. */
export interface IncidentArchive {
  /** One transaction; safe to repeat (the same incident twice leaves one copy). */
  archive(record: IncidentRecord): Promise<void>;
  read(id: string): Promise<IncidentRecord | undefined>;
  /** Newest first. */
  recent(options: { status?: Status; limit: number }): Promise<Ticket[]>;
  /** The root card (channel and ts) of each archived incident that had one. */
  cards(ids: readonly string[]): Promise<Map<string, { channel: string; ts: string }>>;
  /** The stats' parts over incidents opened within the window, but `except` (read hot), by SQL aggregates. */
  tally(window: { from: Date; to: Date }, except: readonly string[]): Promise<StatsTally>;
}
