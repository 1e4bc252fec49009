import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedHeaders, signSlackRequest } from '../../../src/dev/slack-driver/signing.js';

describe('signSlackRequest', () => {
  it('computes v0= hex HMAC-SHA256 of v0:{ts}:{body}', () => {
    const body = 'token=x&command=%2Finject&text=checkout+is+down';
    const expected = createHmac('sha256', 'secret').update(`v0:1732233445:${body}`).digest('hex');
    expect(signSlackRequest('secret', 1732233445, body)).toBe(`v0=${expected}`);
  });

  it('matches the example in Slack’s documentation', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});

describe('signedHeaders', () => {
  it('sends the exact content type, timestamp in seconds and signature', () => {
    const headers = signedHeaders('s', 1_700_000_000_999, '{}', 'application/json');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-slack-request-timestamp': '1700000000',
      'x-slack-signature': signSlackRequest('s', 1_700_000_000, '{}'),
    });
  });

  it('skews the timestamp, forges the signature and adds retry headers on request', () => {
    const headers = signedHeaders('s', 1_700_000_000_000, 'a=b', 'application/x-www-form-urlencoded', {
      timestampSkewSeconds: -600,
      signatureOverride: 'v0=forged',
      retryNum: 2,
    });
    expect(headers['x-slack-request-timestamp']).toBe('1699999400');
    expect(headers['x-slack-signature']).toBe('v0=forged');
    expect(headers['x-slack-retry-num']).toBe('2');
    expect(headers['x-slack-retry-reason']).toBe('http_timeout');
  });
});
