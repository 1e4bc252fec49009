import { describe, expect, it } from 'vitest';
import { signedHeaders } from '../../../src/dev/slack-driver/signing.js';
import { checkSlackRequest, SLACK_FUTURE_SKEW_SECONDS } from '../../../src/slack/http/request-checks.js';

const SECRET = 'unit-signing-secret';
const NOW = Date.UTC(2026, 11, 6, 1, 0, 0);

function check(
  rawBody: string,
  options: { skew?: number; retryNum?: number; json?: boolean; signature?: string } = {},
) {
  const contentType = options.json ? 'application/json' : 'application/x-www-form-urlencoded';
  const headers = signedHeaders(SECRET, NOW, rawBody, contentType, {
    timestampSkewSeconds: options.skew ?? 0,
    ...(options.retryNum !== undefined ? { retryNum: options.retryNum } : {}),
    ...(options.signature ? { signatureOverride: options.signature } : {}),
  });
  return checkSlackRequest({ headers, rawBody, signingSecret: SECRET, nowMs: NOW });
}

describe('checkSlackRequest', () => {
  it('accepts a signed command, keyed by its signature', () => {
    const verdict = check('command=%2Fincident&text=list');
    expect(verdict).toMatchObject({ kind: 'accept', replayKey: expect.stringMatching(/^v0=[0-9a-f]{64}$/) });
  });

  it('allows a small clock skew ahead, refuses beyond it', () => {
    expect(check('command=%2Fincident', { skew: SLACK_FUTURE_SKEW_SECONDS }).kind).toBe('accept');
    expect(check('command=%2Fincident', { skew: SLACK_FUTURE_SKEW_SECONDS + 1 })).toEqual({
      kind: 'refuse',
      status: 401,
      reason: 'timestamp in the future',
    });
  });

  it('refuses stale and forged requests', () => {
    expect(check('command=%2Fincident', { skew: -301 })).toMatchObject({ kind: 'refuse', status: 401 });
    expect(check('command=%2Fincident', { signature: `v0=${'0'.repeat(64)}` })).toMatchObject({
      kind: 'refuse',
      status: 401,
    });
  });

  it.each(['payload=null', 'payload=7', 'payload=%5B%5D', 'payload=%7Bbroken'])(
    'refuses the signed form %s with 400',
    (body) => {
      expect(check(body)).toMatchObject({ kind: 'refuse', status: 400 });
    },
  );

  it('gives only Events API retries their own replay slot', () => {
    const event = JSON.stringify({ type: 'event_callback', event_id: 'Ev1' });
    const first = check(event, { json: true });
    expect(first).toMatchObject({ kind: 'accept' });
    const key = 'replayKey' in first ? first.replayKey : '';
    expect(check(event, { json: true, retryNum: 1 })).toEqual({ kind: 'accept', replayKey: `${key}:r1` });
    const command = 'command=%2Fincident&text=declare+x+y';
    const forgedRetry = check(command, { retryNum: 1 });
    expect(forgedRetry).toEqual(check(command));
  });

  it("lets Slack's unsigned ssl_check through to Bolt", () => {
    expect(check('ssl_check=1&token=x', { signature: 'v0=nonsense' })).toEqual({ kind: 'ssl_check' });
  });
});
