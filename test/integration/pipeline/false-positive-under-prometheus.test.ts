/**
 * Triage's false-positive rule on real services, against a real Prometheus scraping a real exporter
 * whose counters grow at fixed rates (so every rate is the same at every scrape: deterministic).
 * `steady` answers 10 % of its requests with a 500 from the start (below the 20 % triage reads as
 * an outage by itself): its series are flat against their baseline and triage calls the alert a
 * likely false positive, yet its health probe reads it degraded (over 5 %), so it stays open. `calm` has no errors: flat and healthy, it closes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageOutput } from '../../../src/agents/schemas.js';
import type { Status } from '../../../src/domain/status.js';
import { DIAGNOSIS_STAGES } from '../../../src/pipeline/stage-catalog.js';
import { telemetryFrom } from '../../../src/runtime-settings.js';
import { createPrometheusClient } from '../../../src/telemetry/index.js';
import { openAndWait, testCatalog } from '../../support/catalogs.js';
import { requireTool } from '../../support/ci-tools.js';
import {
  prometheusForSuite,
  type RunningPrometheus,
  startPrometheus,
} from '../../support/prometheus-server.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

const { prometheus, skip: skipPrometheus } = prometheusForSuite();

/** Requests per second by status code, per service: fixed, so every rate() is the same. */
const RATES: Record<string, { ok: number; failed: number }> = {
  steady: { ok: 90, failed: 10 },
  calm: { ok: 100, failed: 0 },
};

const CATALOG = `services:
  - { name: steady, tier: 2 }
  - { name: calm, tier: 2 }
`;

/** One service's exporter; Prometheus labels its target (and so its `up`) with the service. */
function startExporter(rate: { ok: number; failed: number }): Promise<Server> {
  const started = Date.now();
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    const elapsed = (Date.now() - started) / 1000;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# TYPE http_requests_total counter',
        `http_requests_total{code="200"} ${rate.ok * elapsed}`,
        `http_requests_total{code="500"} ${rate.failed * elapsed}`,
        '',
      ].join('\n'),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const DIAGNOSED: readonly Status[] = ['False_Positive', 'Awaiting_Approval', 'Needs_Followup'];

describe.skipIf(skipPrometheus)(
  'triage closes a real service as a false positive only while it is healthy',
  () => {
    const exporters: Server[] = [];
    let server: RunningPrometheus;
    let runtime: TestRuntime;

    beforeAll(async () => {
      requireTool('skip' in prometheus ? prometheus.skip : undefined);
      if (!('binary' in prometheus)) return;
      const targets = [];
      for (const [service, rate] of Object.entries(RATES)) {
        const exporter = await startExporter(rate);
        exporters.push(exporter);
        targets.push({
          address: `127.0.0.1:${(exporter.address() as AddressInfo).port}`,
          labels: { service },
        });
      }
      server = await startPrometheus(prometheus.binary, targets);
      const catalog = testCatalog(CATALOG);
      const client = createPrometheusClient({ baseUrl: server.url, timeoutMs: 5000 });
      runtime = createTestRuntime({
        catalog,
        telemetry: (base) =>
          telemetryFrom(
            { PROMETHEUS_URL: server.url, TELEMETRY_TIMEOUT_MS: 5000 } as Parameters<typeof telemetryFrom>[0],
            base.estate,
            catalog,
          ),
        health: { prometheus: client, timeoutMs: 5000 },
      });
      // Both services measured (up and their error rate) before any alert is judged.
      await waitFor(
        async () => {
          const reports = await runtime.ctx.health.probe(['steady', 'calm'], new Date());
          return reports.every((report) => report.state !== 'unknown' && report.readings.up === 1)
            ? reports
            : undefined;
        },
        { timeoutMs: 60_000, what: 'Prometheus to rate both services' },
      );
      // And the range queries specialists read (one point a minute over 30 minutes) hold two
      // points for both: the newest step may miss a scrape still being written, an older one never.
      await waitFor(
        async () => {
          const snapshot = await runtime.ctx.telemetry.snapshot(null, new Date());
          const points = (name: string) => snapshot.services[name]?.metrics.error_rate_pct?.length ?? 0;
          return points('steady') >= 2 && points('calm') >= 2 ? true : undefined;
        },
        { timeoutMs: 150_000, intervalMs: 1000, what: 'range queries with two points for both services' },
      );
      runtime.startIncidentWorker({ concurrency: 4 });
    }, 240_000);

    afterAll(async () => {
      await runtime?.dispose();
      await server?.stop();
      await Promise.all(exporters.map((exporter) => new Promise((resolve) => exporter.close(resolve))));
    });

    async function alertOn(system: string) {
      const ticket = await openAndWait(
        runtime,
        { system, issue: 'error rate alert', source: 'alert' },
        DIAGNOSED,
      );
      const triage = await runtime.ctx.stages.output(ticket.id, DIAGNOSIS_STAGES.triage.key, TriageOutput);
      return { ticket, triage };
    }

    it('a steady 10 % error rate: flat, called a likely false positive, but degraded: not closed', async () => {
      const [probe] = await runtime.ctx.health.probe(['steady'], new Date());
      expect(probe?.state).toBe('degraded');
      const { ticket, triage } = await alertOn('steady');
      // Triage alone would have closed it: the probe's verdict is what kept it open.
      expect(triage?.falsePositive.likely).toBe(true);
      expect(triage?.falsePositive.confidence).toBeGreaterThanOrEqual(85);
      expect(ticket.status).not.toBe('False_Positive');
    });

    it('no errors: flat and healthy, closed as a false positive', async () => {
      const [probe] = await runtime.ctx.health.probe(['calm'], new Date());
      expect(probe?.state).toBe('healthy');
      const { ticket, triage } = await alertOn('calm');
      expect(triage?.falsePositive.likely).toBe(true);
      expect(ticket.status).toBe('False_Positive');
    });
  },
);
