import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
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

describe('building an HTTP request', () => {
  it('appends encoded segments below the base path and query values as pairs', () => {
    const built = buildRequest(config({ type: 'bearer' }), credentials, {
      method: 'POST',
      pathSegments: ['job', 'a b/..?#%', 'run'],
      query: [['filter', 'x&y=z']],
      body: { n: 1 },
    });
    expect(built).toEqual({
      method: 'POST',
      url: 'https://rundeck.example:4440/base/job/a%20b%2F..%3F%23%25/run?filter=x%26y%3Dz',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: 'Bearer tok',
      },
      body: '{"n":1}',
    });
    expect(describeRequest(built)).toBe(`POST ${built.url} {"n":1}`);
  });

  it('signs the exact body with HMAC-SHA256, or sends basic credentials', () => {
    const spec = { method: 'POST' as const, pathSegments: ['hook'], query: [], body: { a: 'b' } };
    const signed = buildRequest(config({ type: 'hmac' }), credentials, spec);
    expect(signed.headers['x-hub-signature-256']).toBe(
      `sha256=${createHmac('sha256', 'shh').update('{"a":"b"}').digest('hex')}`,
    );
    const basic = buildRequest(config({ type: 'basic', username: 'bot' }), credentials, spec);
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('bot:pw').toString('base64')}`);
    expect(httpSecrets(config({ type: 'basic', username: 'bot' }), credentials)).toContain(
      Buffer.from('bot:pw').toString('base64'),
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
