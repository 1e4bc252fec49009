import type { IncidentRecord } from '../../domain/incident-record.js';

/** Where closed incidents go to last (PostgreSQL); the pipeline knows only this. */
export interface IncidentArchive {
  /** One transaction; safe to repeat (the same incident twice leaves one copy). */
  archive(record: IncidentRecord): Promise<void>;
}
