import type { IncomingHttpHeaders } from 'node:http';
import type { AlertSource } from '../../ingest/alert.js';
import { constantTimeEqual, hmacSha256Hex, secretList } from './constant-time.js';

export interface WebhookSecrets {
  /** One secret, or several separated by commas while PagerDuty rotates them. */
  pagerdutySecrets?: string;
  grafanaSecret?: string;
}

/** Grafana's signed timestamp may be this far from our clock: wider than clock skew, short for a replay. */
export const GRAFANA_TIMESTAMP_TOLERANCE_SECONDS = 300;

/** Verifies a signature over the raw body, once the body has been read. */
export type BodyCheck = (body: Buffer) => boolean;

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export function bearerMatches(headers: IncomingHttpHeaders, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headerText(headers, 'authorization') ?? '');
  return match?.[1] !== undefined && constantTimeEqual(match[1], token);
}

/** `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]`: any signature made with any configured secret passes. */
function pagerDutySignatureCheck(headers: IncomingHttpHeaders, secrets: string[]): BodyCheck | undefined {
  const signatures = (headerText(headers, 'x-pagerduty-signature') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3).toLowerCase());
  if (secrets.length === 0 || signatures.length === 0) return undefined;
  return (body) => {
    const expected = secrets.map((secret) => hmacSha256Hex(secret, body));
    return signatures.some((signature) =>
      expected.some((candidate) => constantTimeEqual(signature, candidate)),
    );
  };
}

/**
 * Grafana 11+: hex HMAC-SHA256 of `timestamp:body` in `X-Grafana-Alerting-Signature`, the timestamp
 * (Unix seconds) in its own header and recent. A signature without its timestamp is refused: it
 * would stay valid, and replayable, forever.
 */
function grafanaSignatureCheck(
  headers: IncomingHttpHeaders,
  secret: string | undefined,
  now: Date,
): BodyCheck | undefined {
  const signature = headerText(headers, 'x-grafana-alerting-signature')?.trim().toLowerCase();
  if (!secret || !signature) return undefined;
  const timestamp = headerText(headers, 'x-grafana-alerting-signature-timestamp')?.trim();
  if (timestamp === undefined) return () => false;
  const ageSeconds = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (!/^\d+$/.test(timestamp) || !(ageSeconds <= GRAFANA_TIMESTAMP_TOLERANCE_SECONDS)) return () => false;
  return (body) => constantTimeEqual(signature, hmacSha256Hex(secret, `${timestamp}:`, body));
}

/**
 * The body signature this request offers instead of the bearer token, when its source has one and
 * its secret is configured; undefined when it offers none (the request is then unauthenticated).
 */
export function bodySignatureCheck(
  source: AlertSource,
  headers: IncomingHttpHeaders,
  secrets: WebhookSecrets,
  now: Date,
): BodyCheck | undefined {
  if (source === 'pagerduty') return pagerDutySignatureCheck(headers, secretList(secrets.pagerdutySecrets));
  if (source === 'grafana') return grafanaSignatureCheck(headers, secrets.grafanaSecret, now);
  return undefined;
}
