import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpRequestSpec } from '../../../src/executors/actions.js';
import { httpExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import { buildRequest, describeRequest, httpSecrets } from '../../../src/executors/http/http-request.js';
import { judgeReply, valueAt } from '../../../src/executors/http/http-success.js';

const config = (auth: unknown, baseUrl = 'https://rundeck.example:4440/base/') =>
  httpExecutorConfigSchema.parse({
    name: 'rundeck',
    kind: 'http',
    baseUrl,
    auth,
    credentials: { token: { env: 'T' }, password: { env: 'P' }, secret: { env: 'S' } },
  });
const credentials = { token: 'tok', password: 'pw', secret: 'shh' };

/** The built request, or the test fails with the refusal. */
function built(auth: unknown, spec: HttpRequestSpec) {
  const request = buildRequest(config(auth), credentials, spec);
  if (!request.ok) throw new Error(request.reason);
  return request.value;
}

describe('building an HTTP request', () => {
  it('appends encoded segments below the base path and query values as pairs', () => {
    const request = built(
      { type: 'bearer' },
      {
        method: 'POST',
        pathSegments: ['job', 'a b/..?#%', 'run'],
        query: [['filter', 'x&y=z']],
        body: { n: 1 },
      },
    );
    expect(request).toEqual({
      method: 'POST',
      url: 'https://rundeck.example:4440/base/job/a%20b%2F..%3F%23%25/run?filter=x%26y%3Dz',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: 'Bearer tok',
      },
      body: '{"n":1}',
    });
    expect(describeRequest(request)).toBe(`POST ${request.url} {"n":1}`);
  });

  it('signs the exact body with HMAC-SHA256, or sends basic credentials', () => {
    const spec = { method: 'POST' as const, pathSegments: ['hook'], query: [], body: { a: 'b' } };
    const signed = built({ type: 'hmac' }, spec);
    expect(signed.headers['x-hub-signature-256']).toBe(
      `sha256=${createHmac('sha256', 'shh').update('{"a":"b"}').digest('hex')}`,
    );
    const basic = built({ type: 'basic', username: 'bot' }, spec);
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('bot:pw').toString('base64')}`);
    expect(httpSecrets(config({ type: 'basic', username: 'bot' }), credentials)).toContain(
      Buffer.from('bot:pw').toString('base64'),
    );
  });

  it('refuses a dot segment, which URL parsing would resolve away, even percent-encoded', () => {
    for (const segment of ['.', '..', '%2e', '%2E%2e', '.%2e'])
      expect(
        buildRequest(config({ type: 'none' }), credentials, {
          method: 'GET',
          pathSegments: ['a', segment],
          query: [],
        }),
      ).toEqual({
        ok: false,
        reason: `path segment ${segment} is not allowed`,
      });
  });

  it('refuses a lone surrogate, which cannot be URL-encoded', () => {
    const request = buildRequest(config({ type: 'none' }), credentials, {
      method: 'GET',
      pathSegments: ['\uD800'],
      query: [],
    });
    expect(request).toEqual({ ok: false, reason: 'a path segment or query value is not valid Unicode' });
  });

  it('never leaves its origin, and any segment or query value arrives as it was', () => {
    const value = fc
      .string({ unit: 'binary', maxLength: 40 })
      .filter((text) => !/^(?:\.|%2e){1,2}$/i.test(text));
    fc.assert(
      fc.property(value, value, (segment, query) => {
        const request = built(
          { type: 'none' },
          { method: 'GET', pathSegments: ['x', segment, 'y'], query: [['q', query]] },
        );
        const url = new URL(request.url);
        expect(url.origin).toBe('https://rundeck.example:4440');
        const [, base, x, sent, y, ...rest] = url.pathname.split('/');
        expect([base, x, y, rest]).toEqual(['base', 'x', 'y', []]);
        expect(decodeURIComponent(sent ?? '')).toBe(segment);
        expect(url.searchParams.getAll('q')).toEqual([query]);
      }),
    );
  });

  it('refuses a config whose auth has no credential reference, or whose base URL carries a query', () => {
    const base = { name: 'x', kind: 'http', baseUrl: 'https://a.example' };
    expect(httpExecutorConfigSchema.safeParse({ ...base, auth: { type: 'bearer' } }).success).toBe(false);
    expect(httpExecutorConfigSchema.safeParse({ ...base, baseUrl: 'https://a.example/?x=1' }).success).toBe(
      false,
    );
    expect(httpExecutorConfigSchema.safeParse({ ...base, baseUrl: 'file:///etc/passwd' }).success).toBe(
      false,
    );
  });
});

describe('judging a reply', () => {
  it('wants a listed status and, when named, the expected value at a JSON path', () => {
    expect(judgeReply(201, '{}', {}, [200, 201])).toBeUndefined();
    expect(judgeReply(500, '', {}, [200])).toBe('HTTP 500 is not a success status (200)');
    expect(
      judgeReply(200, '{"job":{"status":"ok"}}', { jsonPath: 'job.status', equals: 'ok' }, [200]),
    ).toBeUndefined();
    expect(judgeReply(200, '{"job":{}}', { jsonPath: 'job.status', equals: 'ok' }, [200])).toBe(
      'job.status is absent, expected "ok"',
    );
    expect(judgeReply(200, 'not json', { jsonPath: 'a', equals: 1 }, [200])).toContain('not JSON');
  });

  it('walks array indexes and ignores inherited keys', () => {
    expect(valueAt({ items: [{ state: 'up' }] }, 'items.0.state')).toBe('up');
    expect(valueAt({}, 'constructor')).toBeUndefined();
  });
});
