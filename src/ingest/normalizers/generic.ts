import { z } from 'zod';
import { cleanSystemName } from '../../domain/system-name.js';
import { type Alert, AlertStatus, type NormalizeContext, receivedNow, StringRecord } from '../alert.js';
import { stableFingerprint } from '../fingerprint.js';
import { parsePayload } from '../payload-shape-error.js';
import { DEFAULT_SEVERITY, severityFromWord } from '../severity-map.js';
import { httpLinks, Instant, isRecord, OptionalText, summarize, toIsoInstant } from './fields.js';

const GenericSeverity = z.string().refine((word) => severityFromWord(word) !== undefined, {
  message: 'expected sev1, sev2, sev3, or a word such as critical, warning, info, P1..P5',
});

/**
 * Warroom's own shape, for scripts and tools with no integration of their own:
 * `{ alerts: [GenericAlert, …] }` or one GenericAlert. Only `system` and `issue` are required.
 */
export const GenericAlert = z.looseObject({
  system: z.string().trim().min(1),
  issue: z.string().trim().min(1),
  severity: GenericSeverity.nullish(),
  status: AlertStatus.nullish(),
  fingerprint: z.string().trim().min(1).nullish(),
  labels: StringRecord.nullish(),
  annotations: StringRecord.nullish(),
  startsAt: Instant,
  endsAt: Instant,
  summary: OptionalText,
  links: z.array(z.string()).nullish(),
});
type GenericAlert = z.infer<typeof GenericAlert>;

export const GenericBatch = z.looseObject({ alerts: z.array(GenericAlert) });

export const GenericPayload = z.union([GenericBatch, GenericAlert]);

function toAlert(alert: GenericAlert, context: NormalizeContext): Alert {
  const system = cleanSystemName(alert.system) || alert.system;
  const status = alert.status ?? 'firing';
  const annotations = { ...alert.annotations };
  return {
    source: 'generic',
    fingerprint: alert.fingerprint ?? stableFingerprint('generic', [system, alert.issue]),
    status,
    system,
    issue: alert.issue,
    severity: severityFromWord(alert.severity) ?? DEFAULT_SEVERITY,
    labels: { ...alert.labels },
    annotations,
    startsAt: toIsoInstant(alert.startsAt) ?? context.receivedAt,
    endsAt: status === 'resolved' ? (toIsoInstant(alert.endsAt) ?? context.receivedAt) : null,
    links: httpLinks(...(alert.links ?? [])),
    summary: summarize(alert.summary, annotations.summary, annotations.description),
  };
}

export function normalizeGeneric(payload: unknown, context: NormalizeContext = receivedNow()): Alert[] {
  // Dispatch by hand: a zod union would report "invalid input" at the root instead of the faulty path.
  if (isRecord(payload) && 'alerts' in payload) {
    return parsePayload(GenericBatch, payload).alerts.map((alert) => toAlert(alert, context));
  }
  return [toAlert(parsePayload(GenericAlert, payload), context)];
}
