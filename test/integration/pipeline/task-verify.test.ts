/**
 * A routine task's step `verify` is checked as an incident run's is, on real telemetry: a real
 * Prometheus scrapes a real exporter whose gauge the test sets, the real runner runs the step on
 * the local executor, and the run's verdict, reason and incident carry what the checks read.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, type TaskRun } from '../../../src/domain/task-run.js';
import { taskDigestView } from '../../../src/slack/outbox/task-views.js';
import { createPrometheusClient } from '../../../src/telemetry/index.js';
import { requireTool } from '../../support/ci-tools.js';
import {
  prometheusForSuite,
  type RunningPrometheus,
  startPrometheus,
} from '../../support/prometheus-server.js';
import { taskEstate } from '../../support/task-estate.js';
import { createTestRuntime, type TestRuntime, waitFor } from '../../support/test-runtime.js';

const { prometheus, skip: skipPrometheus } = prometheusForSuite();

const LEAD = 'U0CACHELEAD';
const FILL = 'max(cache_fill_pct{service="bench-cache"})';

// The cache's fill level is its memory signal: degraded from 80 %, and the step checks it too.
const SERVICE = `    telemetry:
      error_rate_pct: null
      memory_pct: 'max(cache_fill_pct{{selector}})'
    health:
      memory_pct: { degraded: 80, down: 95 }
`;

const NOOP = 'executor: host, action: { kind: local, command: [/bin/true] }, risk: low';
const RUNBOOKS = `id: trim-cache
title: Trim the cache
schedule: { cron: "0 0 1 1 *", mode: auto, service: bench-cache }
steps:
  - { id: trim, title: Trim, ${NOOP}, verify: { promql: '${FILL} < 80', settleSeconds: 0 } }
  - { id: healthy, title: Still serving, ${NOOP}, verify: { health: healthy, settleSeconds: 0 } }
`;

describe.skipIf(skipPrometheus)("a routine task's step checks", () => {
  const fill = { pct: 40 };
  let exporter: Server;
  let server: RunningPrometheus;
  let runtime: TestRuntime;

  beforeAll(async () => {
    requireTool('skip' in prometheus ? prometheus.skip : undefined);
    if (!('binary' in prometheus)) return;
    exporter = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`# TYPE cache_fill_pct gauge\ncache_fill_pct ${fill.pct}\n`);
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(exporter.address() as AddressInfo).port}`;
    server = await startPrometheus(prometheus.binary, [{ address, labels: { service: 'bench-cache' } }]);
    runtime = createTestRuntime({
      ...taskEstate(RUNBOOKS, SERVICE),
      health: {
        prometheus: createPrometheusClient({ baseUrl: server.url, timeoutMs: 5000 }),
        timeoutMs: 5000,
      },
    });
    runtime.startIncidentWorker({ concurrency: 2 });
  }, 60_000);

  afterAll(async () => {
    await runtime?.dispose();
    await server?.stop();
    await new Promise((resolve) => exporter?.close(resolve));
  });

  /** Waits until Prometheus has scraped the fill level the test set. */
  async function scraped(pct: number): Promise<void> {
    await waitFor(
      async () => {
        const [report] = await runtime.ctx.health.probe(['bench-cache'], new Date());
        return report?.readings.memory_pct === pct ? true : undefined;
      },
      { timeoutMs: 30_000, what: `Prometheus to read cache_fill_pct ${pct}` },
    );
  }

  async function runNow(requestId: string): Promise<TaskRun> {
    const { ctx } = runtime;
    await ctx.queues.add('task-run', { taskId: 'trim-cache', requestId, by: LEAD });
    return waitFor(
      async () => {
        const run = await ctx.tasks.run(dayOf(ctx.now()), 'trim-cache', `m${requestId}`);
        return run && (run.status === 'ok' || run.status === 'failed') ? run : undefined;
      },
      { what: `run m${requestId} to end` },
    );
  }

  it('hold: the run is ok', async () => {
    fill.pct = 40;
    await scraped(40);
    const run = await runNow('dverify0001');
    expect(run).toMatchObject({ status: 'ok' });
    expect(run.steps.map((step) => step.outcome)).toEqual(['ok', 'ok']);
    expect(run.incidentId).toBeUndefined();
  });

  it('do not hold: the run fails with the numbers read, in the digest and the incident', async () => {
    fill.pct = 93;
    await scraped(93);
    const run = await runNow('dverify0002');
    expect(run.status).toBe('failed');
    // The steps themselves ran: the checks after them failed the run.
    expect(run.steps.map((step) => step.outcome)).toEqual(['ok', 'ok']);
    expect(run.reason).toBe(
      "a step's check does not hold: " +
        `step trim: ${FILL} < 80 does not hold: ${FILL} is 93 (needs < 80); ` +
        'step healthy: bench-cache is degraded: memory_pct 93 ≥ 80: degraded (up=1, memory_pct=93)',
    );
    const digest = taskDigestView(run.day, await runtime.ctx.tasks.runsOf(run.day));
    expect(digest.tasks[0]?.last).toMatchObject({ status: 'failed', reason: run.reason });
    const incident = await runtime.ctx.tickets.require(run.incidentId ?? 'none');
    expect(incident).toMatchObject({ system: 'bench-cache', source: 'task', sev: 'sev3' });
    expect(incident.issue).toContain(`${FILL} is 93 (needs < 80)`);
    expect(incident.issue).toContain('bench-cache is degraded');
  });
});
