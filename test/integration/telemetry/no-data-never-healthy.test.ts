import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, type PrometheusClient } from '../../../src/telemetry/prometheus-api.js';
import { createPrometheusSource } from '../../../src/telemetry/prometheus-source.js';
import { DEFAULT_PROMQL_MAPPING, promqlFor } from '../../../src/telemetry/promql-mapping.js';
import { requireTool } from '../../support/ci-tools.js';
import {
  prometheusForSuite,
  type RunningPrometheus,
  startPrometheus,
} from '../../support/prometheus-server.js';
import { waitFor } from '../../support/test-runtime.js';

const { prometheus, skip } = prometheusForSuite();

/**
 * One exporter for three services: `checkout` serves 50 requests a second and, once told to fail,
 * 30 more a second with a 500 (its 5xx series appears only then, as client libraries do); `idle`
 * has a requests counter that never moves; `mem` has host memory gauges until they are taken away.
 */
function startExporter() {
  const started = Date.now();
  const state = { failingSince: undefined as number | undefined, memoryGone: false };
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const seconds = (since: number) => (Date.now() - since) / 1000;
    const lines = [
      '# TYPE http_requests_total counter',
      `http_requests_total{service="checkout",code="200"} ${50 * seconds(started)}`,
      ...(state.failingSince === undefined
        ? []
        : [`http_requests_total{service="checkout",code="500"} ${1 + 30 * seconds(state.failingSince)}`]),
      'http_requests_total{service="idle",code="200"} 17',
      ...(state.memoryGone
        ? []
        : [
            '# TYPE node_memory_MemAvailable_bytes gauge',
            'node_memory_MemAvailable_bytes{service="mem"} 750',
            '# TYPE node_memory_MemTotal_bytes gauge',
            'node_memory_MemTotal_bytes{service="mem"} 1000',
          ]),
      '',
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(lines.join('\n'));
  });
  return new Promise<{ server: Server; state: typeof state }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, state })),
  );
}

const errorRate = (service: string) => promqlFor(DEFAULT_PROMQL_MAPPING, service).error_rate_pct ?? '';

async function valuesAt(client: PrometheusClient, promql: string, at: Date): Promise<number[]> {
  const answer = await client.queryInstant(promql, at, AbortSignal.timeout(5000));
  if (!answer.ok) throw new Error(answer.problem);
  return answer.value.map((series) => series.value);
}

/** The raw sample times of one series in the last minute, oldest first (a range selector's answer). */
async function sampleTimes(url: string, selector: string): Promise<number[]> {
  const query = new URL('/api/v1/query', url);
  query.search = new URLSearchParams({ query: `${selector}[1m]` }).toString();
  const body = (await (await fetch(query)).json()) as {
    data: { result: Array<{ values: Array<[number, string]> }> };
  };
  return (body.data.result[0]?.values ?? []).map(([at]) => at);
}

describe.skipIf(skip)(
  'missing telemetry never reads as healthy, against a real Prometheus scraping one exporter',
  () => {
    let exporter: Awaited<ReturnType<typeof startExporter>>;
    let server: RunningPrometheus;
    let client: PrometheusClient;

    beforeAll(async () => {
      requireTool('skip' in prometheus ? prometheus.skip : undefined);
      if (!('binary' in prometheus)) return;
      exporter = await startExporter();
      server = await startPrometheus(prometheus.binary, [
        `127.0.0.1:${(exporter.server.address() as AddressInfo).port}`,
      ]);
      client = createPrometheusClient({ baseUrl: server.url, timeoutMs: 5000 });
      await waitFor(
        async () =>
          (await sampleTimes(server.url, 'http_requests_total{service="checkout",code="200"}')).length >= 3 ||
          undefined,
        { timeoutMs: 30_000, intervalMs: 200, what: 'three scrapes of the exporter' },
      );
    });

    afterAll(async () => {
      await server?.stop();
      await new Promise((resolve) => exporter?.server.close(resolve));
    });

    it('an error share is 0 only when measured: no 5xx series with requests is 0, no requests is nothing, a 5xx series with one sample is nothing', async () => {
      // Requests and no 5xx series at all: a measured 0 %. No requests in the window: no data.
      expect(await valuesAt(client, errorRate('checkout'), new Date())).toEqual([0]);
      expect(await valuesAt(client, errorRate('idle'), new Date())).toEqual([]);
      expect(await valuesAt(client, errorRate('nowhere'), new Date())).toEqual([]);

      exporter.state.failingSince = Date.now();
      const errors = 'http_requests_total{service="checkout",code="500"}';
      const [first, second] = await waitFor(
        async () => {
          const times = await sampleTimes(server.url, errors);
          return times.length >= 2 ? times : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: 'two scrapes of the 5xx series' },
      );
      const atFirst = new Date((first ?? 0) * 1000);
      // At its first sample rate() has one point to work with: a bare `or vector(0)` reads 0 % there...
      const bare = `100 * (sum(rate(${errors}[5m])) or vector(0)) / sum(rate(http_requests_total{service="checkout"}[5m]))`;
      expect(await valuesAt(client, bare, atFirst)).toEqual([0]);
      // ...while the default says no data, and from the second sample on, the failures.
      expect(await valuesAt(client, errorRate('checkout'), atFirst)).toEqual([]);
      const [failing] = await valuesAt(client, errorRate('checkout'), new Date((second ?? 0) * 1000));
      expect(failing).toBeGreaterThan(0);
    });

    it('a signal with no value at the snapshot moment is no data, not the value it had a few steps earlier', async () => {
      const source = createPrometheusSource({
        baseUrl: server.url,
        timeoutMs: 5000,
        services: ['mem'],
        windowMinutes: 1,
        stepSeconds: 1,
        mapping: { defaults: { memory_pct: DEFAULT_PROMQL_MAPPING.defaults.memory_pct } },
      });
      // Positive control: while the gauges are scraped, the snapshot ends on their value.
      const before = await source.metrics(['mem'], new Date());
      expect(before.metrics.mem?.memory_pct?.at(-1)).toBe(25);

      exporter.state.memoryGone = true;
      await waitFor(
        async () =>
          (await valuesAt(client, 'node_memory_MemTotal_bytes{service="mem"}', new Date())).length === 0 ||
          undefined,
        { timeoutMs: 30_000, intervalMs: 200, what: 'Prometheus to mark the gauges stale' },
      );
      const after = await source.metrics(['mem'], new Date());
      expect(after.metrics.mem?.memory_pct).toBeUndefined();
      expect(after.notes).toContain('prometheus · mem: no data for any signal');
    });
  },
);
