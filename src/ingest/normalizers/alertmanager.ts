import { type Alert, type NormalizeContext, receivedNow } from '../alert.js';
import { parsePayload } from '../payload-shape-error.js';
import { PrometheusStyleGroup, prometheusStyleAlert } from './prometheus-alert.js';

/** Alertmanager's webhook (`version` "4", and the older "3"): extra fields are fine. */
export const AlertmanagerPayload = PrometheusStyleGroup;

export function normalizeAlertmanager(payload: unknown, context: NormalizeContext = receivedNow()): Alert[] {
  const group = parsePayload(AlertmanagerPayload, payload);
  return group.alerts.map((alert) => prometheusStyleAlert('alertmanager', alert, group, context));
}
