import { z } from 'zod';
import { type Alert, type AlertSource, AlertStatus, type NormalizeContext, StringRecord } from '../alert.js';
import { labelSetFingerprint } from '../fingerprint.js';
import { DEFAULT_SEVERITY, severityFromWord } from '../severity-map.js';
import { systemFromLabels } from '../system.js';
import { httpLinks, IdText, Instant, OptionalText, summarize, toIsoInstant } from './fields.js';

/** Go marshals nil maps as null: accept it wherever a map may be empty. */
const LabelMap = StringRecord.nullish();

/** One alert of the Alertmanager webhook shape, which Grafana's unified alerting reuses. */
export const PrometheusStyleAlert = z.looseObject({
  status: AlertStatus.nullish(),
  labels: LabelMap,
  annotations: LabelMap,
  startsAt: Instant,
  endsAt: Instant,
  generatorURL: OptionalText,
  fingerprint: OptionalText,
});
export type PrometheusStyleAlert = z.infer<typeof PrometheusStyleAlert>;

/** The group envelope: `version` "4" (or "3", older), `groupKey` a string (or a number from some senders). */
export const PrometheusStyleGroup = z.looseObject({
  version: IdText,
  groupKey: IdText,
  status: AlertStatus.nullish(),
  groupLabels: LabelMap,
  commonLabels: LabelMap,
  commonAnnotations: LabelMap,
  externalURL: OptionalText,
  alerts: z.array(PrometheusStyleAlert),
});
export type PrometheusStyleGroup = z.infer<typeof PrometheusStyleGroup>;

export const UNNAMED_ALERT = 'unnamed alert';

/**
 * Maps one alert of a group. Per-alert status wins over the group's (a "firing" group may carry
 * resolved alerts); an alert without a status takes the group's; one without a fingerprint gets the
 * one Alertmanager would have computed from its labels.
 */
export function prometheusStyleAlert(
  source: AlertSource,
  alert: PrometheusStyleAlert,
  group: PrometheusStyleGroup,
  context: NormalizeContext,
  extraLinks: readonly unknown[] = [],
): Alert {
  const labels = { ...group.commonLabels, ...alert.labels };
  const annotations = { ...group.commonAnnotations, ...alert.annotations };
  const status = alert.status ?? group.status ?? 'firing';
  const givenFingerprint = alert.fingerprint?.trim();
  return {
    source,
    fingerprint: givenFingerprint || labelSetFingerprint(labels),
    status,
    system: systemFromLabels(labels),
    issue: labels.alertname?.trim() || UNNAMED_ALERT,
    severity: severityFromWord(labels.severity) ?? severityFromWord(labels.priority) ?? DEFAULT_SEVERITY,
    labels,
    annotations,
    startsAt: toIsoInstant(alert.startsAt) ?? context.receivedAt,
    endsAt: status === 'resolved' ? (toIsoInstant(alert.endsAt) ?? context.receivedAt) : null,
    links: httpLinks(alert.generatorURL, ...extraLinks, annotations.runbook_url, annotations.runbook),
    summary: summarize(annotations.summary, annotations.description, annotations.message),
  };
}
