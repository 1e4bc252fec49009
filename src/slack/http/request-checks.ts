/**
 * What /slack/events refuses before Bolt sees a request, decided from its headers and raw body
 * alone (pure): a timestamp from the future, a bad signature, and a body that is not an object.
 */

import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';

/** Slack's own window for a signature's age (Bolt refuses older ones too). */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 300;
/** How far ahead of our clock a timestamp may be: clock skew, not a pre-signed request for later. */
export const SLACK_FUTURE_SKEW_SECONDS = 60;

export type SlackRequestVerdict =
  /** Slack's unsigned `ssl_check`: Bolt answers it and strips anything smuggled along. */
  | { kind: 'ssl_check' }
  | { kind: 'refuse'; status: 400 | 401; reason: string }
  /** Authentic; `replayKey` identifies this exact delivery for the replay cache. */
  | { kind: 'accept'; replayKey: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body as Bolt will read it: a form's `payload` JSON, the form itself, or a JSON body. */
export function slackBodyOf(contentType: string | undefined, rawBody: string): unknown {
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parseQuery(rawBody);
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(rawBody);
}

export function checkSlackRequest(input: {
  headers: IncomingHttpHeaders;
  rawBody: string;
  signingSecret: string;
  nowMs: number;
}): SlackRequestVerdict {
  const { headers, rawBody } = input;
  const contentType = header(headers, 'content-type');
  if (contentType === 'application/x-www-form-urlencoded' && parseQuery(rawBody).ssl_check === '1') {
    return { kind: 'ssl_check' };
  }
  const signature = header(headers, 'x-slack-signature');
  const timestamp = Number(header(headers, 'x-slack-request-timestamp'));
  if (!signature || !Number.isInteger(timestamp)) {
    return { kind: 'refuse', status: 401, reason: 'missing signature or timestamp' };
  }
  if (timestamp > input.nowMs / 1000 + SLACK_FUTURE_SKEW_SECONDS) {
    return { kind: 'refuse', status: 401, reason: 'timestamp in the future' };
  }
  const authentic = isValidSlackRequest({
    signingSecret: input.signingSecret,
    body: rawBody,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: input.nowMs,
  });
  if (!authentic) return { kind: 'refuse', status: 401, reason: 'bad or stale signature' };

  let body: unknown;
  try {
    body = slackBodyOf(contentType, rawBody);
  } catch {
    return { kind: 'refuse', status: 400, reason: 'body is not JSON' };
  }
  if (!isObject(body)) return { kind: 'refuse', status: 400, reason: 'payload is not a JSON object' };
  // Slack retries only Events API callbacks, re-signed and marked with a retry number; what they
  // carry is deduplicated by event id downstream, so each retry gets its own replay slot.
  const retryNum = header(headers, 'x-slack-retry-num');
  const retry =
    body.type === 'event_callback' && retryNum && /^\d{1,2}$/.test(retryNum) ? `:r${retryNum}` : '';
  return { kind: 'accept', replayKey: `${signature}${retry}` };
}
