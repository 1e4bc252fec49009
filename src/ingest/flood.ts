import type { Severity } from '../domain/severity.js';
import { type AlertSource, ISSUE_MAX_CHARS } from './alert.js';
import { clipText } from './linear-text.js';

/**
 * Alert floods. Past a number of new incidents per minute from one source, further new correlation
 * groups fold into one "alert flood" incident for that source and minute instead of opening their
 * own: a flood of thousands of services must not become thousands of cards, Redis keys and outbox
 * jobs. Redeliveries and alerts that correlate with an open incident are not new groups, and a sev1
 * never folds.
 */

export const FLOOD_WINDOW_MS = 60_000;
/** The flood incident's system: not a service, so no real alert ever correlates with it by name. */
export const FLOOD_SYSTEM = 'alert-flood';
/** Services the flood card names before it says "and N more". */
export const FLOOD_NAMED_SERVICES = 8;

/** The minute a moment falls in, by the ingest worker's clock (not the sender's). */
export function floodWindowOf(atMs: number): number {
  return Math.floor(atMs / FLOOD_WINDOW_MS);
}

/** Which source and minute an alert-flood incident holds the folded groups of. */
export interface FloodMark {
  source: AlertSource;
  window: number;
}

/** An open flood incident as correlation sees it. */
export interface FloodIncident {
  incidentId: string;
  source: AlertSource;
  window: number;
  /** The services whose groups folded into it. */
  systems: ReadonlySet<string>;
  lastAlertAtMs: number;
}

export type NewGroupPlacement =
  | { kind: 'open' }
  | { kind: 'join-flood'; incidentId: string }
  | { kind: 'open-flood' };

export interface NewGroup {
  source: AlertSource;
  system: string;
  severity: Severity;
  atMs: number;
}

/**
 * Where an alert that would open a new incident goes. A sev1 always opens its own. A service whose
 * group already folded into an open flood of the same source (within the correlation window) joins
 * that flood again. Under the limit it opens; over it, it folds into this minute's flood, which is
 * opened when there is none yet.
 */
export function placeNewGroup(
  group: NewGroup,
  context: {
    openedThisWindow: number;
    limitPerMinute: number;
    window: number;
    floods: readonly FloodIncident[];
    correlationWindowMs: number;
  },
): NewGroupPlacement {
  if (group.severity === 'sev1') return { kind: 'open' };
  const ofSource = context.floods.filter((flood) => flood.source === group.source);
  const holding = ofSource.find(
    (flood) =>
      flood.systems.has(group.system) &&
      Math.abs(group.atMs - flood.lastAlertAtMs) <= context.correlationWindowMs,
  );
  if (holding) return { kind: 'join-flood', incidentId: holding.incidentId };
  if (context.openedThisWindow < context.limitPerMinute) return { kind: 'open' };
  const current = ofSource.find((flood) => flood.window === context.window);
  return current ? { kind: 'join-flood', incidentId: current.incidentId } : { kind: 'open-flood' };
}

/** The flood card's line: how many groups folded, and which services (the first few, sorted). */
export function floodIssue(source: AlertSource, groups: number, services: readonly string[]): string {
  const named = [...services].sort().slice(0, FLOOD_NAMED_SERVICES);
  const more = groups - named.length;
  const list = named.join(', ') + (more > 0 ? ` and ${more.toLocaleString('en-US')} more` : '');
  const noun = groups === 1 ? 'group' : 'groups';
  return clipText(
    `Alert flood from ${source}: ${groups.toLocaleString('en-US')} correlation ${noun} folded here (${list})`,
    ISSUE_MAX_CHARS,
  );
}
