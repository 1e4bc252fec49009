import { z } from 'zod';
import { type Alert, type NormalizeContext, receivedNow, StringRecord } from '../alert.js';
import { stableFingerprint } from '../fingerprint.js';
import { parsePayload } from '../payload-shape-error.js';
import { DEFAULT_SEVERITY, severityFromWord } from '../severity-map.js';
import { systemFromLabels } from '../system.js';
import { compactRecord, httpLinks, IdText, isRecord, OptionalText, summarize } from './fields.js';
import {
  PrometheusStyleAlert,
  PrometheusStyleGroup,
  prometheusStyleAlert,
  UNNAMED_ALERT,
} from './prometheus-alert.js';

/** Grafana unified alerting (8+): Alertmanager's shape plus links per alert and a rendered message. */
export const GrafanaUnifiedPayload = PrometheusStyleGroup.extend({
  alerts: z.array(
    PrometheusStyleAlert.extend({
      silenceURL: OptionalText,
      dashboardURL: OptionalText,
      panelURL: OptionalText,
    }),
  ),
  orgId: IdText,
  title: OptionalText,
  state: OptionalText,
  message: OptionalText,
});

/** Legacy dashboard alerting (Grafana 7 and earlier): one rule per notification. */
export const GrafanaLegacyPayload = z.looseObject({
  ruleId: IdText,
  ruleName: OptionalText,
  ruleUrl: OptionalText,
  imageUrl: OptionalText,
  state: z.string(),
  title: OptionalText,
  message: OptionalText,
  orgId: IdText,
  tags: StringRecord.nullish(),
});

function isLegacyPayload(payload: unknown): boolean {
  return isRecord(payload) && !('alerts' in payload) && ('ruleName' in payload || 'ruleId' in payload);
}

function normalizeLegacy(payload: unknown, context: NormalizeContext): Alert[] {
  const rule = parsePayload(GrafanaLegacyPayload, payload);
  const labels = { ...rule.tags };
  const issue = rule.ruleName?.trim() || rule.title?.trim() || UNNAMED_ALERT;
  const status = rule.state === 'ok' ? 'resolved' : 'firing';
  return [
    {
      source: 'grafana',
      fingerprint: stableFingerprint('grafana', [rule.orgId ?? '', rule.ruleId ?? issue]),
      status,
      system: systemFromLabels(labels),
      issue,
      severity: severityFromWord(labels.severity) ?? DEFAULT_SEVERITY,
      labels,
      annotations: compactRecord([
        ['title', rule.title],
        ['message', rule.message],
      ]),
      startsAt: context.receivedAt,
      endsAt: status === 'resolved' ? context.receivedAt : null,
      links: httpLinks(rule.ruleUrl, rule.imageUrl),
      summary: summarize(rule.message),
    },
  ];
}

export function normalizeGrafana(payload: unknown, context: NormalizeContext = receivedNow()): Alert[] {
  if (isLegacyPayload(payload)) return normalizeLegacy(payload, context);
  const group = parsePayload(GrafanaUnifiedPayload, payload);
  return group.alerts.map((alert) =>
    prometheusStyleAlert('grafana', alert, group, context, [
      alert.silenceURL,
      alert.dashboardURL,
      alert.panelURL,
    ]),
  );
}
