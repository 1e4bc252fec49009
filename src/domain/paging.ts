import type { Severity } from './severity.js';
import type { Ticket } from './ticket.js';

export const PAGE_TARGETS = ['pagerduty', 'webhook'] as const;
export type PageTarget = (typeof PAGE_TARGETS)[number];

export type PageReason = 'low_confidence' | 'sev1_waiting';

/** What one page (or its resolve) says, whatever the target. */
export interface PageEvent {
  action: 'trigger' | 'resolve';
  dedupKey: string;
  incidentId: string;
  summary: string;
  sev: Severity;
  service: string;
  owner?: string;
  reason?: PageReason;
  /** The incident card's permalink in Slack. */
  link?: string;
}

/** One dedup key per incident: PagerDuty folds every trigger with it into one alert, and resolves it. */
export function pageDedupKey(incidentId: string): string {
  return `warroom-${incidentId}`;
}

/**
 * Only real incidents page: never a simulated one (`/inject`, chaos, `sim:` services, or what the
 * monitor saw in the simulated estate when there is no catalog) and never one opened during a
 * silence (someone already said they know).
 */
export function isPageable(
  ticket: Pick<Ticket, 'source' | 'system' | 'silenced'>,
  estate: { real: boolean },
): boolean {
  if (ticket.source === 'inject' || ticket.system.startsWith('sim:') || ticket.silenced !== undefined)
    return false;
  return ticket.source !== 'monitor' || estate.real;
}

/**
 * When an incident waiting for a decision pages its owner: at once when the crew escalated it
 * (confidence under 50), after `pageAfterSeconds` for any other sev1; never otherwise.
 */
export function pagePlan(input: {
  route: 'auto' | 'approval' | 'escalate';
  sev: Severity;
  pageAfterSeconds: number;
}): { reason: PageReason; delayMs: number } | undefined {
  if (input.route === 'auto') return undefined;
  if (input.route === 'escalate') return { reason: 'low_confidence', delayMs: 0 };
  if (input.sev === 'sev1') return { reason: 'sev1_waiting', delayMs: input.pageAfterSeconds * 1000 };
  return undefined;
}

const PD_SEVERITY: Readonly<Record<Severity, 'critical' | 'error' | 'warning'>> = {
  sev1: 'critical',
  sev2: 'error',
  sev3: 'warning',
};

const REASON_TEXT: Readonly<Record<PageReason, string>> = {
  low_confidence: 'the crew is not confident of the cause (confidence under 50)',
  sev1_waiting: 'a sev1 is waiting for a decision',
};

/** PagerDuty Events API v2 (`POST /v2/enqueue`): trigger with the incident's details, resolve by dedup key. */
export function pagerDutyBody(routingKey: string, event: PageEvent): Record<string, unknown> {
  if (event.action === 'resolve') {
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: event.dedupKey };
  }
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: event.dedupKey,
    payload: {
      summary: event.summary.slice(0, 1024),
      source: event.service,
      severity: PD_SEVERITY[event.sev],
      component: event.service,
      ...(event.owner ? { group: event.owner } : {}),
      class: event.reason ?? 'escalated',
      custom_details: {
        incident: event.incidentId,
        ...(event.reason ? { why: REASON_TEXT[event.reason] } : {}),
        ...(event.owner ? { owner: event.owner } : {}),
      },
    },
    client: 'Warroom',
    ...(event.link
      ? { client_url: event.link, links: [{ href: event.link, text: `${event.incidentId} in Slack` }] }
      : {}),
  };
}

/** The generic paging webhook's JSON (Grafana IRM, incident.io alert sources and the like map its fields). */
export function pageWebhookBody(event: PageEvent): Record<string, unknown> {
  return {
    status: event.action === 'trigger' ? 'firing' : 'resolved',
    action: event.action,
    dedupKey: event.dedupKey,
    incident: event.incidentId,
    title: event.summary,
    severity: event.sev,
    service: event.service,
    ...(event.owner ? { owner: event.owner } : {}),
    ...(event.reason ? { reason: event.reason, why: REASON_TEXT[event.reason] } : {}),
    ...(event.link ? { link: event.link } : {}),
  };
}
