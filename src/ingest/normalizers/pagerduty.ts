import { z } from 'zod';
import type { Severity } from '../../domain/severity.js';
import { type Alert, type NormalizeContext, receivedNow } from '../alert.js';
import { stableFingerprint } from '../fingerprint.js';
import { parsePayload } from '../payload-shape-error.js';
import { DEFAULT_SEVERITY, severityFromWord } from '../severity-map.js';
import { systemFromLabels } from '../system.js';
import {
  compactRecord,
  httpLinks,
  IdText,
  Instant,
  isRecord,
  OptionalText,
  summarize,
  toIsoInstant,
} from './fields.js';

const Reference = z.looseObject({ id: OptionalText, summary: OptionalText, html_url: OptionalText });

/** `event.data` when it is an incident (`type: "incident"`); other resources carry other shapes. */
export const PagerDutyIncident = z.looseObject({
  id: z.string().min(1),
  type: z.literal('incident'),
  title: OptionalText,
  description: OptionalText,
  status: OptionalText,
  urgency: OptionalText,
  number: IdText,
  html_url: OptionalText,
  created_at: Instant,
  service: Reference.nullish(),
  priority: Reference.nullish(),
});

/** PagerDuty v3 webhook: one event per delivery, at least once. */
export const PagerDutyWebhook = z.looseObject({
  event: z.looseObject({
    id: OptionalText,
    event_type: z.string(),
    resource_type: OptionalText,
    occurred_at: Instant,
    agent: Reference.nullish(),
    data: z.unknown(),
  }),
});

// High urgency is what wakes someone up; a Map, so `constructor` is not an urgency.
const SEVERITY_BY_URGENCY: ReadonlyMap<string, Severity> = new Map([
  ['high', 'sev1'],
  ['low', 'sev3'],
]);

/**
 * Incident events become one alert whose fingerprint comes from the incident id, so triggered,
 * acknowledged and resolved deliveries land on the same incident. Events about other resources
 * (`pagey.ping`, service or note events) carry no incident and give no alert.
 */
export function normalizePagerDuty(payload: unknown, context: NormalizeContext = receivedNow()): Alert[] {
  const { event } = parsePayload(PagerDutyWebhook, payload);
  if (!isRecord(event.data) || event.data.type !== 'incident') return [];
  const incident = parsePayload(PagerDutyIncident, event.data, ['event', 'data']);
  const occurredAt = toIsoInstant(event.occurred_at) ?? context.receivedAt;
  const resolved = event.event_type === 'incident.resolved' || incident.status === 'resolved';
  const labels = compactRecord([
    ['incident_id', incident.id],
    ['incident_number', incident.number],
    ['service', incident.service?.summary],
    ['service_id', incident.service?.id],
    ['urgency', incident.urgency],
    ['priority', incident.priority?.summary],
  ]);
  return [
    {
      source: 'pagerduty',
      fingerprint: stableFingerprint('pagerduty', [incident.id]),
      status: resolved ? 'resolved' : 'firing',
      system: systemFromLabels(labels),
      issue: incident.title?.trim() || `PagerDuty incident ${incident.number ?? incident.id}`,
      severity:
        severityFromWord(incident.priority?.summary) ??
        SEVERITY_BY_URGENCY.get(incident.urgency?.trim().toLowerCase() ?? '') ??
        DEFAULT_SEVERITY,
      labels,
      annotations: compactRecord([
        ['event_type', event.event_type],
        ['incident_status', incident.status],
        ['agent', event.agent?.summary],
      ]),
      startsAt: toIsoInstant(incident.created_at) ?? occurredAt,
      endsAt: resolved ? occurredAt : null,
      links: httpLinks(incident.html_url),
      summary: summarize(incident.description),
    },
  ];
}
