import type { Severity } from '../domain/severity.js';
import type { SilenceNote, SilenceVerdict } from '../domain/silence.js';
import type { Alert, AlertSource } from './alert.js';
import type { KnownAlert, LinkTest } from './correlate.js';
import type { FloodMark } from './flood.js';

/**
 * What alert placement reads, decides and hands to its commit and writes (see place-batch.ts,
 * placement-store.ts and batch-effects.ts).
 */

/** What placement keeps of an open incident: its own system, when it opened, its alerts' systems. */
export interface IncidentHead {
  system: string;
  createdAtMs: number;
  systems: string[];
}

/** The correlation state one delivery is placed against, as read in one step. */
export interface PlacementState {
  known: ReadonlyMap<string, KnownAlert>;
  /** Open incidents, oldest first. */
  openIds: readonly string[];
  heads: ReadonlyMap<string, IncidentHead>;
  /** Newest alert time seen per incident, ms. */
  lastSeen: ReadonlyMap<string, number>;
  /** Open alert-flood incidents and the source and minute each holds. */
  floods: ReadonlyMap<string, FloodMark>;
  /** Incidents this delivery's source opened in the current minute. */
  openedThisWindow: number;
}

export interface PlacementRules {
  source: AlertSource;
  /** The current minute, by the ingest worker's clock (see floodWindowOf). */
  window: number;
  windowMs: number;
  limitPerMinute: number;
  linked: LinkTest;
  nowMs: number;
  /** Whether an active silence holds an alert that would open an incident (see silenceVerdict). */
  silence: (alert: Alert) => SilenceVerdict;
  /** The stand-in id of the n-th incident this delivery opens; the commit gives it a real id. */
  newId: (index: number) => string;
}

/** An incident a delivery opens (an alert-flood incident carries its mark). */
export interface NewIncident {
  id: string;
  system: string;
  issue: string;
  sev: Severity;
  source: 'alert' | 'monitor';
  alerts: string[];
  flood?: FloodMark;
  /** The silence it opened under (a sev1 during a silence still gets its card). */
  silenced?: SilenceNote;
}

/** An alert a silence held instead of opening an incident (it opens on its next delivery after). */
export interface HeldAlert {
  silenceId: string;
  fingerprint: string;
  system: string;
  issue: string;
  at: string;
}

/** What a delivery did to one incident. */
export interface TouchedIncident {
  incidentId: string;
  /** Fingerprints that joined by correlation. */
  added: string[];
  reasons: string[];
  /** Systems that joined the incident. */
  systems: string[];
  /** Systems whose groups folded into this alert-flood incident. */
  folded: string[];
  /** Some alert of it resolved. */
  resolved: boolean;
  lastAtMs: number;
}

/** A placed delivery: everything its writes need, kept so that a retried job redoes exactly them. */
export interface PlacedBatch {
  opens: NewIncident[];
  /** Fingerprint → its series after this delivery. */
  updates: Array<[string, KnownAlert]>;
  touched: TouchedIncident[];
  held: HeldAlert[];
  ignored: number;
}

/** A placement and the correlation state it changes, for the commit. */
export interface PlacementPlan {
  placed: PlacedBatch;
  /** Heads opened or grown (new systems): other deliveries placed meanwhile must be placed again. */
  heads: Map<string, IncidentHead>;
  /** Regular incidents opened, counted against the source's minute. */
  openedCount: number;
  /** Alerts that would open an incident (only they are asked about silences). */
  newGroups: number;
  /**
   * Some alert opened (or folded) a new group although an open incident of its group exists, out
   * of the window: the placement also relied on how far incidents reach (their newest alert times).
   */
  reliesOnReach: boolean;
}
