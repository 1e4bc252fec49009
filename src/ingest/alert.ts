import { z } from 'zod';
import { Severity } from '../domain/severity.js';
import { Ticket } from '../domain/ticket.js';

export const ALERT_SOURCES = [
  'alertmanager',
  'grafana',
  'datadog',
  'pagerduty',
  'generic',
  'kubernetes',
] as const;
export const AlertSource = z.enum(ALERT_SOURCES);
export type AlertSource = z.infer<typeof AlertSource>;

export const AlertStatus = z.enum(['firing', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const SUMMARY_MAX_CHARS = 1000;
/** What a ticket holds: an alert is clipped to these at the edge, so it can always open one. */
export const SYSTEM_MAX_CHARS = Ticket.shape.system.maxLength ?? 100;
export const ISSUE_MAX_CHARS = Ticket.shape.issue.maxLength ?? 500;
/** Longer fingerprints (a sender's own ids) are replaced by a hash of themselves. */
export const FINGERPRINT_MAX_CHARS = 128;

/** Only web links: a link ends up in Slack, where `javascript:` or `file:` would be a trap. */
export const HttpLink = z.url({ protocol: /^https?$/ });

export const StringRecord = z.record(z.string(), z.string());

/** One alert from any source, in the shape the ingest worker, dedup and correlation consume. */
export const Alert = z.object({
  source: AlertSource,
  /** Stable identity of the alerting series: a redelivery or its resolution carries the same one. */
  fingerprint: z.string().min(1).max(FINGERPRINT_MAX_CHARS),
  status: AlertStatus,
  /** Service name, lowercased; the estate's name when the source named one of its aliases. */
  system: z.string().min(1).max(SYSTEM_MAX_CHARS),
  /** Alert name, e.g. Alertmanager's `alertname` or the PagerDuty incident title. */
  issue: z.string().min(1).max(ISSUE_MAX_CHARS),
  severity: Severity,
  labels: StringRecord,
  annotations: StringRecord,
  startsAt: z.iso.datetime(),
  /** When the source says it resolved; null while firing. */
  endsAt: z.iso.datetime().nullable(),
  links: z.array(HttpLink),
  summary: z.string().max(SUMMARY_MAX_CHARS).optional(),
});
export type Alert = z.infer<typeof Alert>;

export interface NormalizeContext {
  /** When the delivery arrived: the start time of alerts whose source gives none. */
  receivedAt: string;
  /**
   * The catalog's name for a service name or alias, undefined for one it does not know. Injected by
   * the web role when a catalog is loaded, so normalizers stay pure.
   */
  resolveService?: (nameOrAlias: string) => string | undefined;
  /** The catalog's service bound to a Kubernetes namespace and workload (its executor lists them). */
  resolveWorkload?: (namespace: string, workload: string) => string | undefined;
}

/** Pure given its context; throws PayloadShapeError, and nothing else, on a payload of the wrong shape. */
export type Normalizer = (payload: unknown, context?: NormalizeContext) => Alert[];

export function receivedNow(): NormalizeContext {
  return { receivedAt: new Date().toISOString() };
}
