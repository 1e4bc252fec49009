import type { Runbook } from './runbook.js';

export interface IncidentMatch {
  /** Canonical catalog name. */
  service?: string;
  fault?: string;
  alertNames?: readonly string[];
}

/**
 * Runbooks that fit an incident, most specific first. A runbook naming services fits only those;
 * naming faults or alerts, only an incident with one of them (either kind of evidence will do).
 * Ranking: named service, then a matching alert name (precise), then a matching fault kind.
 */
export function matchingRunbooks(runbooks: readonly Runbook[], incident: IncidentMatch): Runbook[] {
  const scored = runbooks.flatMap((runbook) => {
    const score = matchScore(runbook, incident);
    return score === undefined ? [] : [{ runbook, score }];
  });
  return scored
    .sort((left, right) => right.score - left.score || left.runbook.id.localeCompare(right.runbook.id))
    .map(({ runbook }) => runbook);
}

/** Whether a runbook may act on `service` at all: it names that service, or names none. */
export function mayActOn(runbook: Runbook, service: string | undefined): boolean {
  const services = servicesOf(runbook);
  return services.length === 0 || (service !== undefined && services.includes(service));
}

/** The services a runbook may act on (empty: any); a routine task that matches nothing: its own. */
export function servicesOf(runbook: Runbook): readonly string[] {
  const { services, faults, alerts } = runbook.matches;
  if (services.length + faults.length + alerts.length === 0 && runbook.schedule !== undefined)
    return [runbook.schedule.service];
  return services;
}

function matchScore(runbook: Runbook, incident: IncidentMatch): number | undefined {
  const { services, faults, alerts } = runbook.matches;
  // A routine task that names no match is for its schedule only, never an incident's plan.
  if (services.length + faults.length + alerts.length === 0) return undefined;
  if (!mayActOn(runbook, incident.service)) return undefined;
  const serviceMatch = services.length > 0;
  const alertMatch = alerts.some((alert) => incident.alertNames?.includes(alert) ?? false);
  const faultMatch = incident.fault !== undefined && (faults as readonly string[]).includes(incident.fault);
  if (faults.length + alerts.length > 0 && !alertMatch && !faultMatch) return undefined;
  return (serviceMatch ? 4 : 0) + (alertMatch ? 2 : 0) + (faultMatch ? 1 : 0);
}
