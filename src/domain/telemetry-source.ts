import type { TelemetrySnapshot } from './telemetry.js';
import type { Ticket } from './ticket.js';

/** A scrape target as a real monitoring system sees it (Prometheus's `up`). */
export interface ScrapeTarget {
  service: string;
  instance: string;
  up: boolean;
}

/** Where specialists' telemetry comes from: the simulated estate by default. */
export interface TelemetrySource {
  /** `ticket` is null for the monitor's estate-wide look. */
  snapshot(ticket: Ticket | null, now: Date): Promise<TelemetrySnapshot>;
  /** Scrape targets and whether they answer, when a real monitoring system is configured. */
  targets?(now: Date): Promise<ScrapeTarget[]>;
}
