import type { IncomingHttpHeaders } from 'node:http';
import type { AlertSource } from '../../ingest/alert.js';

const DELIVERY_ID_HEADERS: Readonly<Record<AlertSource, readonly string[]>> = {
  pagerduty: ['x-webhook-id', 'x-request-id', 'idempotency-key'],
  alertmanager: ['x-request-id', 'idempotency-key'],
  grafana: ['x-request-id', 'idempotency-key'],
  datadog: ['x-request-id', 'idempotency-key'],
  generic: ['x-request-id', 'idempotency-key'],
  kubernetes: ['x-request-id', 'idempotency-key'],
};

/** Printable, no spaces, bounded: it becomes part of a Redis key downstream. */
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

/** The sender's id for this delivery, used to drop redeliveries; undefined when absent or unusable. */
export function deliveryIdOf(source: AlertSource, headers: IncomingHttpHeaders): string | undefined {
  for (const name of DELIVERY_ID_HEADERS[source]) {
    const value = headers[name];
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    if (text && DELIVERY_ID.test(text)) return text;
  }
  return undefined;
}
