/** Slack request signing (v0): `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
import { createHmac } from 'node:crypto';

export function signSlackRequest(signingSecret: string, timestampSec: number, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}

export interface SignedHeadersOptions {
  /** Added to the current timestamp (negative: an old request, e.g. -600 for Bolt's 5-minute check). */
  timestampSkewSeconds?: number;
  /** Sent instead of the real signature (forged requests). */
  signatureOverride?: string;
  retryNum?: number;
  retryReason?: string;
}

export function signedHeaders(
  signingSecret: string,
  nowMs: number,
  rawBody: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  options: SignedHeadersOptions = {},
): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000) + (options.timestampSkewSeconds ?? 0);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signatureOverride ?? signSlackRequest(signingSecret, timestamp, rawBody),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return headers;
}
