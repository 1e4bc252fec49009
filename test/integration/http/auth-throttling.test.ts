import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQueuesRoutes } from '../../../src/http/admin-queues.js';
import { createAuthThrottle, DEFAULT_AUTH_THROTTLE } from '../../../src/http/auth-throttle.js';
import { incidentsApiRoutes } from '../../../src/http/incidents-api.js';
import { webhookRoutes } from '../../../src/http/webhooks/index.js';
import { createLogger } from '../../../src/log.js';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { startBoltRouteServer } from '../../support/bolt-route-server.js';
import { RecordingSink } from '../../support/recording-sink.js';
import type { RouteServer } from '../../support/route-server.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

const ADMIN = { user: 'admin', password: 'correct-horse-battery' };
const API_TOKEN = 'api-token-0123456789abcdef';
const WEBHOOK_TOKEN = 'webhook-token-0123456789';
const basic = (password: string) => `Basic ${Buffer.from(`${ADMIN.user}:${password}`).toString('base64')}`;

let runtime: TestRuntime;
let server: RouteServer;
const logs: string[] = [];

/** A GET or POST from a chosen loopback address, so two clients can be told apart. */
function call(
  path: string,
  options: { from?: string; method?: string; authorization?: string; body?: string } = {},
): Promise<{ status: number; retryAfter: string | undefined }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        localAddress: options.from ?? '127.0.0.1',
        headers: {
          ...(options.authorization ? { authorization: options.authorization } : {}),
          ...(options.body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const retry = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retry) ? retry[0] : retry });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  runtime = createTestRuntime();
  const logger = createLogger(
    { level: 'info', name: 'auth-test' },
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const queues = Object.values(QUEUE_NAMES).map((name) => runtime.ctx.queues.queue(name));
  // Shared, as webRoutes shares it: failures on one route count on the others.
  const authThrottle = createAuthThrottle();
  server = await startBoltRouteServer([
    ...adminQueuesRoutes({ ...ADMIN, queues, logger, authThrottle }),
    ...incidentsApiRoutes({
      apiToken: API_TOKEN,
      tickets: runtime.ctx.tickets,
      timeline: runtime.ctx.timeline,
      logger,
      authThrottle,
    }),
    ...webhookRoutes({ webhookToken: WEBHOOK_TOKEN, sink: new RecordingSink(), logger, authThrottle }),
  ]);
});
afterAll(async () => {
  await server?.close();
  await runtime?.dispose();
});

describe('failed credentials are throttled per client address', () => {
  it('answers 429 with Retry-After once the burst of wrong passwords is spent, and logs each failure without the secret', async () => {
    const answers = [];
    for (let i = 0; i < 100; i++)
      answers.push(await call('/admin/queues', { authorization: basic(`guess-${i}`) }));
    const capacity = DEFAULT_AUTH_THROTTLE.capacity;
    expect(answers.slice(0, capacity).every((answer) => answer.status === 401)).toBe(true);
    expect(answers.slice(capacity).every((answer) => answer.status === 429)).toBe(true);
    expect(Number(answers.at(-1)?.retryAfter)).toBeGreaterThanOrEqual(1);

    // Throttled, even the right password waits: a guess that lands is never confirmed early.
    expect((await call('/admin/queues', { authorization: basic(ADMIN.password) })).status).toBe(429);
    // The budget is per address and shared across routes.
    expect((await call('/api/incidents', { authorization: `Bearer ${API_TOKEN}` })).status).toBe(429);
    expect(
      (
        await call('/webhooks/generic', {
          method: 'POST',
          authorization: `Bearer ${WEBHOOK_TOKEN}`,
          body: '{}',
        })
      ).status,
    ).toBe(429);
    expect(
      (await call('/admin/queues', { from: '127.0.0.2', authorization: basic(ADMIN.password) })).status,
    ).toBe(200);

    const failures = logs.filter((line) => line.includes('"auth refused"'));
    expect(failures).toHaveLength(capacity);
    expect(failures[0]).toContain('"route":"/admin/queues"');
    expect(failures[0]).toContain('"client":"127.0.0.1"');
    expect(logs.some((line) => line.includes('auth throttled'))).toBe(true);
    const all = logs.join('\n');
    expect(all).not.toContain('guess-');
    expect(all).not.toContain(Buffer.from(`${ADMIN.user}:guess-0`).toString('base64'));
  });

  it.each([
    ['/api/incidents', { authorization: 'Bearer wrong' }],
    ['/webhooks/generic', { method: 'POST', authorization: 'Bearer wrong', body: '{}' }],
  ])('throttles %s the same way', async (path, options) => {
    const from = path.startsWith('/api') ? '127.0.0.3' : '127.0.0.4';
    const statuses = [];
    for (let i = 0; i < DEFAULT_AUTH_THROTTLE.capacity + 3; i++)
      statuses.push((await call(path, { ...options, from })).status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(DEFAULT_AUTH_THROTTLE.capacity);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
  });
});
