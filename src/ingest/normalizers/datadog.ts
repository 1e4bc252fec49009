import { z } from 'zod';
import { type Alert, type AlertStatus, type NormalizeContext, receivedNow } from '../alert.js';
import { stableFingerprint } from '../fingerprint.js';
import { withoutBracketPrefixes, withoutMarkdownFences } from '../linear-text.js';
import { parsePayload } from '../payload-shape-error.js';
import { DEFAULT_SEVERITY, severityFromWord } from '../severity-map.js';
import { systemFromLabels } from '../system.js';
import {
  compactRecord,
  httpLinks,
  IdText,
  Instant,
  OptionalText,
  summarize,
  toIsoInstant,
} from './fields.js';

/**
 * A Datadog webhook renders a user-written template, so every field is optional and most are strings
 * (`$DATE` and `$LAST_UPDATED` as epoch milliseconds). The common variable names are read; a title of
 * some kind is required, since an alert without a name cannot be triaged.
 */
export const DatadogPayload = z
  .looseObject({
    id: IdText,
    alert_id: IdText,
    monitor_id: IdText,
    aggreg_key: IdText,
    title: OptionalText,
    alert_title: OptionalText,
    event_title: OptionalText,
    alert_transition: OptionalText,
    transition: OptionalText,
    alert_type: OptionalText,
    priority: OptionalText,
    severity: OptionalText,
    alert_scope: OptionalText,
    scopes: OptionalText,
    tags: z.union([z.string(), z.array(z.string())]).nullish(),
    date: Instant,
    last_updated: Instant,
    body: OptionalText,
    text: OptionalText,
    message: OptionalText,
    event_msg: OptionalText,
    url: OptionalText,
    link: OptionalText,
    event_type: OptionalText,
    alert_query: OptionalText,
  })
  .refine(
    (payload) => Boolean(payload.alert_title?.trim() || payload.title?.trim() || payload.event_title?.trim()),
    {
      path: ['title'],
      message: 'one of title, alert_title or event_title is required',
    },
  );
type DatadogPayload = z.infer<typeof DatadogPayload>;

const RESOLVED_TRANSITIONS = new Set(['recovered', 'resolved', 'ok']);

/** `"service:api,env:prod,monitor"` or `["service:api", …]` as label pairs; a bare tag gets an empty value. */
function tagPairs(tags: string | readonly string[] | null | undefined): Array<[string, string]> {
  const list = typeof tags === 'string' ? tags.split(',') : (tags ?? []);
  return list.flatMap((tag): Array<[string, string]> => {
    const trimmed = tag.trim();
    if (!trimmed) return [];
    const colon = trimmed.indexOf(':');
    return colon < 0 ? [[trimmed, '']] : [[trimmed.slice(0, colon).trim(), trimmed.slice(colon + 1).trim()]];
  });
}

function statusOf(payload: DatadogPayload): AlertStatus {
  const transition = (payload.alert_transition ?? payload.transition)?.trim().toLowerCase();
  if (transition) return RESOLVED_TRANSITIONS.has(transition) ? 'resolved' : 'firing';
  return payload.alert_type?.trim().toLowerCase() === 'success' ? 'resolved' : 'firing';
}

export function normalizeDatadog(payload: unknown, context: NormalizeContext = receivedNow()): Alert[] {
  const event = parsePayload(DatadogPayload, payload);
  const rawTitle = event.alert_title?.trim() || event.title?.trim() || event.event_title?.trim() || '';
  // "[P2] [Triggered] Disk full on db-1" names the same alert as "[Recovered] Disk full on db-1".
  const issue = withoutBracketPrefixes(rawTitle);
  const scope = event.alert_scope ?? event.scopes ?? '';
  const monitor = event.monitor_id ?? event.alert_id;
  const labels = Object.fromEntries([
    ...tagPairs(event.tags),
    ...tagPairs(scope),
    ...(monitor ? [['monitor_id', monitor] as const] : []),
  ]);
  const status = statusOf(event);
  const occurredAt = toIsoInstant(event.date ?? event.last_updated) ?? context.receivedAt;
  return [
    {
      source: 'datadog',
      // The monitor and its group identify the series; the event id changes with every notification.
      fingerprint: event.aggreg_key?.trim() || stableFingerprint('datadog', [monitor ?? issue, scope]),
      status,
      system: systemFromLabels(labels),
      issue,
      severity:
        severityFromWord(event.priority) ??
        severityFromWord(event.severity) ??
        severityFromWord(event.alert_type) ??
        DEFAULT_SEVERITY,
      labels,
      annotations: compactRecord([
        ['title', event.title],
        ['event_type', event.event_type],
        ['alert_type', event.alert_type],
        ['alert_query', event.alert_query],
        ['alert_transition', event.alert_transition ?? event.transition],
      ]),
      startsAt: occurredAt,
      endsAt: status === 'resolved' ? (toIsoInstant(event.last_updated ?? event.date) ?? occurredAt) : null,
      links: httpLinks(event.url, event.link),
      summary: summarize(
        event.body ? withoutMarkdownFences(event.body) : undefined,
        event.text,
        event.message,
        event.event_msg,
      ),
    },
  ];
}
