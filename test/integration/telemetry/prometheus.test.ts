import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../src/dev/local/free-port.js';
import type { TelemetrySource } from '../../../src/domain/telemetry-source.js';
import { newTicket } from '../../../src/domain/ticket.js';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { openIncident } from '../../../src/pipeline/open-incident.js';
import { scheduleMonitor } from '../../../src/pipeline/watch/monitor-handler.js';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { generateTelemetry } from '../../../src/sim/estate/telemetry-generator.js';
import { simulatedTelemetry } from '../../../src/sim/simulated-telemetry.js';
import { createPrometheusSource } from '../../../src/telemetry/prometheus-source.js';
import { createRealTelemetrySource } from '../../../src/telemetry/real-telemetry.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { completions, settled } from '../../support/job-events.js';
import {
  ensurePrometheus,
  type RunningPrometheus,
  startPrometheus,
} from '../../support/prometheus-server.js';
import { createTestRuntime, waitFor, waitForStatus } from '../../support/test-runtime.js';

const prometheus = ensurePrometheus();
const skipPrometheus = skipForMissingTool('skip' in prometheus ? prometheus.skip : undefined);

const ticket = newTicket({
  id: 'INC-0042',
  system: 'api',
  issue: 'api 5xx',
  sev: 'sev2',
  source: 'alert',
  channel: null,
  fingerprint: 'api-5xx',
  now: new Date(),
});

/** api answers 60 requests a second, 40 of them with a 500: a 40% error rate. */
const OK_PER_SECOND = 60;
const FAILED_PER_SECOND = 40;

function startExporter(): Promise<Server> {
  const started = Date.now();
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const elapsed = (Date.now() - started) / 1000;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# HELP http_requests_total Requests served.',
        '# TYPE http_requests_total counter',
        `http_requests_total{service="api",code="200"} ${OK_PER_SECOND * elapsed}`,
        `http_requests_total{service="api",code="500"} ${FAILED_PER_SECOND * elapsed}`,
        '',
      ].join('\n'),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(skipPrometheus)('Prometheus telemetry against a real Prometheus', () => {
  let exporter: Server;
  let server: RunningPrometheus;
  /** A scrape target nobody answers on: Prometheus marks it `up == 0`. */
  let deadTarget = '';

  beforeAll(async () => {
    requireTool('skip' in prometheus ? prometheus.skip : undefined);
    if (!('binary' in prometheus)) return;
    exporter = await startExporter();
    deadTarget = `127.0.0.1:${await freeLoopbackPort()}`;
    server = await startPrometheus(prometheus.binary, [
      `127.0.0.1:${(exporter.address() as AddressInfo).port}`,
      deadTarget,
    ]);
    // Enough scrapes for rate() over them to be steady.
    const source = createPrometheusSource({ baseUrl: server.url, timeoutMs: 2000 });
    await waitFor(
      async () => {
        const count = await source.client.queryInstant(
          'count_over_time(http_requests_total{service="api",code="500"}[1m])',
          new Date(),
          AbortSignal.timeout(2000),
        );
        return count.ok && (count.value[0]?.value ?? 0) >= 5 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'Prometheus to scrape the exporter five times' },
    );
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => exporter?.close(resolve));
  });

  it('carries the error rate Prometheus computed for api, and notes what has no data', async () => {
    const now = new Date(Date.now() - 2000);
    const source = createPrometheusSource({
      baseUrl: server.url,
      timeoutMs: 5000,
      services: ['api', 'auth'],
    });
    const snapshot = await source.snapshot(ticket, now);

    expect(snapshot.source).toBe('prometheus');
    expect(snapshot.windowMinutes).toBe(30);
    const errorRate = snapshot.services.api?.metrics.error_rate_pct ?? [];
    const latest = errorRate[errorRate.length - 1];
    expect(latest).toBeGreaterThan(35);
    expect(latest).toBeLessThan(45);

    // The same range query, asked directly: the snapshot holds Prometheus's own number at its moment.
    const end = now.getTime() / 1000;
    const direct = new URL('/api/v1/query_range', server.url);
    direct.search = new URLSearchParams({
      query:
        '100 * (sum(rate(http_requests_total{service="api",code=~"5.."}[5m])) or 0 * sum(absent_over_time(http_requests_total{service="api",code=~"5.."}[5m]))) / sum(rate(http_requests_total{service="api"}[5m]))',
      start: (end - 29 * 60).toFixed(3),
      end: end.toFixed(3),
      step: '60s',
    }).toString();
    const body = (await (await fetch(direct)).json()) as {
      data: { result: Array<{ values: [number, string][] }> };
    };
    const values = body.data.result[0]?.values ?? [];
    expect(latest).toBe(Math.round(Number(values[values.length - 1]?.[1]) * 100) / 100);

    expect(snapshot.services.auth?.metrics).toEqual({});
    expect(snapshot.notes).toContain('prometheus · auth: no data for any signal');
    expect(snapshot.notes?.find((note) => note.startsWith('prometheus · api: no data for'))).toMatch(
      /latency_p99_ms.*memory_pct/,
    );
  });

  it('leads an alert on api to a root-cause analysis whose evidence carries the numbers Prometheus returned', async () => {
    const runtime = createTestRuntime({
      telemetry: (base) =>
        createRealTelemetrySource({
          prometheus: createPrometheusSource({
            baseUrl: server.url,
            timeoutMs: 5000,
            services: ['api', 'auth'],
          }),
          fallback: simulatedTelemetry(base.estate),
          services: ['api', 'auth'],
        }),
    });
    try {
      runtime.startIncidentWorker({ concurrency: 8 });
      const opened = await openIncident(runtime.ctx, {
        system: 'api',
        issue: 'HTTP 5xx above 20 %',
        sev: 'sev2',
        source: 'alert',
        channel: null,
      });
      const ticket = await waitForStatus(runtime, opened.id, [
        'Awaiting_Approval',
        'Needs_Followup',
        'False_Positive',
      ]);
      expect(ticket.rca?.rootService).toBe('api');
      const evidence = ticket.rca?.evidence.join('\n') ?? '';
      const quoted = /error_rate_pct (\d+(?:\.\d+)?)/.exec(evidence);
      expect(quoted, evidence).not.toBeNull();
      expect(Number(quoted?.[1])).toBeGreaterThan(35);
      expect(Number(quoted?.[1])).toBeLessThan(45);
    } finally {
      await runtime.dispose();
    }
  });

  it('lets the monitor watch Prometheus targets: a dead one opens an incident, once', async () => {
    const runtime = createTestRuntime({
      settings: { monitorIntervalSeconds: 0.3 },
      telemetry: (base) =>
        createRealTelemetrySource({
          prometheus: createPrometheusSource({ baseUrl: server.url, timeoutMs: 5000, services: ['api'] }),
          fallback: simulatedTelemetry(base.estate),
          services: ['api'],
        }),
    });
    try {
      const sweeps = completions(runtime.startIncidentWorker({ concurrency: 8 }), 'monitor-sweep');
      runtime.startIngestWorker();
      const targets = (await runtime.ctx.telemetry.targets?.(new Date())) ?? [];
      expect(targets).toEqual(
        expect.arrayContaining([
          { service: 'warroom-test', instance: deadTarget, up: false },
          expect.objectContaining({ service: 'warroom-test', up: true }),
        ]),
      );
      await scheduleMonitor(runtime.ctx);
      const rt = runtime;
      const ticket = await waitFor(async () => (await rt.ctx.tickets.listRecent(5))[0], {
        what: 'a target-down incident',
      });
      expect(ticket.issue).toBe(`warroom-test target ${deadTarget} is down (Prometheus up == 0)`);
      expect(ticket.source).toBe('monitor');
      // Later sweeps still see the target down, and what they sent has been placed: still one.
      await sweeps.next(3);
      await settled(runtime, { queues: [QUEUE_NAMES.incident, QUEUE_NAMES.ingest] });
      expect(await runtime.ctx.tickets.listRecent(5)).toHaveLength(1);
    } finally {
      await runtime.dispose();
    }
  });

  it("says Prometheus's own error for a query it refuses", async () => {
    const source = createPrometheusSource({
      baseUrl: server.url,
      timeoutMs: 5000,
      services: ['api'],
      mapping: { defaults: { error_rate_pct: 'sum(rate(http_requests_total{service="{service}"}[5m])' } },
    });
    const snapshot = await source.snapshot(ticket, new Date());
    expect(snapshot.services.api?.metrics).toEqual({});
    expect(snapshot.notes).toEqual([
      expect.stringMatching(/^prometheus: every query failed: HTTP 400 \(bad_data: /),
    ]);
  });

  it('says so when Prometheus is unreachable, without throwing', async () => {
    const source = createPrometheusSource({
      baseUrl: `http://127.0.0.1:${await freeLoopbackPort()}`,
      timeoutMs: 2000,
      services: ['api', 'auth'],
    });
    const snapshot = await source.snapshot(ticket, new Date());
    expect(snapshot.notes).toEqual(['prometheus: every query failed: unreachable (ECONNREFUSED)']);
  });

  it('feeds the TelemetrySource port: real metrics, simulated logs said in the notes', async () => {
    const simulated: TelemetrySource = {
      snapshot: async (_ticket, now) => generateTelemetry(initialEstate(), { seed: 1, now, noise: false }),
    };
    const telemetry = createRealTelemetrySource({
      prometheus: createPrometheusSource({ baseUrl: server.url, timeoutMs: 5000 }),
      fallback: simulated,
      services: ['api', 'auth'],
    });
    const snapshot = await telemetry.snapshot(ticket, new Date(Date.now() - 2000));
    expect(snapshot.source).toBe('prometheus');
    expect(Object.keys(snapshot.services)).toEqual(['api', 'auth']);
    expect(snapshot.services.api?.metrics.error_rate_pct?.at(-1)).toBeGreaterThan(35);
    expect(snapshot.services.api?.metrics.memory_pct).toBeUndefined();
    expect(snapshot.services.api?.logs.length).toBeGreaterThan(0);
    expect(snapshot.services.api?.events).toEqual([]);
    expect(snapshot.notes).toContain('logs: simulated estate (LOKI_URL not set)');
    expect(snapshot.notes).toContain('prometheus · auth: no data for any signal');
  });
});
