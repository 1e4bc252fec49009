import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../src/dev/local/free-port.js';
import type { TelemetrySource } from '../../../src/domain/telemetry-source.js';
import { newTicket } from '../../../src/domain/ticket.js';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { generateTelemetry } from '../../../src/sim/estate/telemetry-generator.js';
import { createLokiSource } from '../../../src/telemetry/loki-source.js';
import { createRealTelemetrySource } from '../../../src/telemetry/real-telemetry.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const nanoseconds = (minutesAgo: number) => String(BigInt(NOW.getTime() - minutesAgo * 60_000) * 1_000_000n);

const ticket = newTicket({
  id: 'INC-0007',
  system: 'api',
  issue: 'api errors',
  sev: 'sev2',
  source: 'alert',
  channel: null,
  fingerprint: 'api-errors',
  now: NOW,
});

/** Streams per service, as Loki would answer `query_range` for them. */
const STREAMS: Record<string, Array<{ stream: Record<string, string>; values: [string, string][] }>> = {
  api: [
    {
      stream: { service: 'api', level: 'error' },
      values: [
        [nanoseconds(2), 'upstream database refused connection: pool exhausted'],
        [nanoseconds(9), 'request failed: timeout after 5000 ms'],
      ],
    },
    {
      stream: { service: 'api' },
      values: [[nanoseconds(5), '2025-03-01T11:55:00Z FATAL out of memory: killed process 4242']],
    },
  ],
  cache: [],
  leaky: [
    {
      stream: { service: 'leaky', level: 'error' },
      values: [[nanoseconds(3), 'error: login refused for password=hunter2-prod']],
    },
  ],
  chatty: [
    {
      stream: { service: 'chatty' },
      values: Array.from({ length: 150 }, (_, i): [string, string] => [
        nanoseconds(i / 10),
        `error number ${i}`,
      ]),
    },
  ],
};

let server: Server;
let baseUrl: string;
const requests: URL[] = [];

function serviceOf(req: IncomingMessage): { url: URL; service: string } {
  const url = new URL(req.url ?? '/', 'http://loki');
  return { url, service: /service="([^"]+)"/.exec(url.searchParams.get('query') ?? '')?.[1] ?? '' };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const { url, service } = serviceOf(req);
    requests.push(url);
    if (url.pathname !== '/loki/api/v1/query_range') {
      res.writeHead(404).end('404 page not found');
    } else if (service === 'slow') {
      // Never answers: the source's budget must cut it off.
    } else if (service === 'broken') {
      res
        .writeHead(500, { 'content-type': 'text/plain' })
        .end('rpc error: code = Unavailable desc = ingester down');
    } else if (service === 'garbled') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"result":');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'streams', result: STREAMS[service] ?? [], stats: {} },
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

describe('Loki logs through query_range', () => {
  it("reads a service's error lines, oldest first, with levels and times", async () => {
    const loki = createLokiSource({ baseUrl, timeoutMs: 2000 });
    const { logs, notes } = await loki.logs(['api', 'cache'], NOW);

    expect(logs.api).toEqual([
      { at: '2025-03-01T11:51:00.000Z', level: 'error', message: 'request failed: timeout after 5000 ms' },
      {
        at: '2025-03-01T11:55:00.000Z',
        level: 'fatal',
        message: '2025-03-01T11:55:00Z FATAL out of memory: killed process 4242',
      },
      {
        at: '2025-03-01T11:58:00.000Z',
        level: 'error',
        message: 'upstream database refused connection: pool exhausted',
      },
    ]);
    expect(logs.cache).toEqual([]);
    expect(notes).toEqual([]);

    const apiQuery = requests.find((url) => url.searchParams.get('query')?.includes('"api"'));
    expect(apiQuery?.searchParams.get('query')).toBe('{service="api"} |~ "(?i)error|fatal"');
    expect(apiQuery?.searchParams.get('limit')).toBe('100');
    expect(apiQuery?.searchParams.get('direction')).toBe('backward');
    const start = BigInt(apiQuery?.searchParams.get('start') ?? '0');
    const end = BigInt(apiQuery?.searchParams.get('end') ?? '0');
    expect(end).toBe(BigInt(NOW.getTime()) * 1_000_000n);
    expect(end - start).toBe(30n * 60n * 1_000_000_000n);
  });

  it('masks a credential a service logged, so it never reaches the snapshot, the RCA or the model', async () => {
    const loki = createLokiSource({ baseUrl, timeoutMs: 2000 });
    const { logs } = await loki.logs(['leaky'], NOW);
    expect(logs.leaky?.map((line) => line.message)).toEqual(['error: login refused for password=****']);
  });

  it('keeps the newest lines up to the limit', async () => {
    const loki = createLokiSource({ baseUrl, timeoutMs: 2000, limit: 100 });
    const { logs } = await loki.logs(['chatty'], NOW);
    expect(logs.chatty).toHaveLength(100);
    expect(logs.chatty?.[99]?.message).toBe('error number 0');
    expect(logs.chatty?.[0]?.message).toBe('error number 99');
  });

  it('turns timeouts, 500s and garbled answers into notes, keeping what did arrive', async () => {
    const loki = createLokiSource({ baseUrl, timeoutMs: 300 });
    const started = Date.now();
    const { logs, notes } = await loki.logs(['api', 'slow', 'broken', 'garbled'], NOW);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(logs.api).toHaveLength(3);
    expect(logs.slow).toEqual([]);
    expect(logs.broken).toEqual([]);
    expect(notes).toEqual([
      'loki · slow: logs failed: timed out after 300 ms',
      'loki · broken: logs failed: HTTP 500 (rpc error: code = Unavailable desc = ingester down)',
      'loki · garbled: logs failed: answer was not JSON',
    ]);
  });

  it('says once when Loki is down altogether', async () => {
    const loki = createLokiSource({
      baseUrl: `http://127.0.0.1:${await freeLoopbackPort()}`,
      timeoutMs: 1000,
    });
    const { notes } = await loki.logs(['api', 'cache'], NOW);
    expect(notes).toEqual(['loki: every query failed: unreachable (ECONNREFUSED)']);
  });

  it('feeds the TelemetrySource port: Loki logs beside simulated metrics and events', async () => {
    const simulated: TelemetrySource = {
      snapshot: async (_ticket, now) => generateTelemetry(initialEstate(), { seed: 3, now, noise: true }),
    };
    const telemetry = createRealTelemetrySource({
      loki: createLokiSource({ baseUrl, timeoutMs: 300 }),
      fallback: simulated,
      services: ['api', 'slow'],
    });
    const snapshot = await telemetry.snapshot(ticket, NOW);
    const expected = await simulated.snapshot(ticket, NOW);
    expect(snapshot.source).toBe('simulated');
    expect(snapshot.services.api?.metrics).toEqual(expected.services.api?.metrics);
    expect(snapshot.services.api?.logs.map((line) => line.level)).toEqual(['error', 'fatal', 'error']);
    expect(snapshot.services.slow?.logs).toEqual([]);
    expect(snapshot.notes).toEqual([
      'loki · slow: logs failed: timed out after 300 ms',
      'metrics and events: simulated estate (PROMETHEUS_URL not set)',
    ]);
  });

  it('is the fallback itself when no backend is configured', async () => {
    const simulated: TelemetrySource = {
      snapshot: async (_ticket, now) => generateTelemetry(initialEstate(), { seed: 3, now }),
    };
    expect(createRealTelemetrySource({ fallback: simulated, services: ['api'] })).toBe(simulated);
  });
});
