import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTicket, type Ticket, withStatus } from '../../../src/domain/ticket.js';
import { adminQueuesRoutes } from '../../../src/http/admin-queues.js';
import { incidentsApiRoutes } from '../../../src/http/incidents-api.js';
import { metricsRoute } from '../../../src/http/metrics-route.js';
import { incidentsByStatusOf } from '../../../src/metrics/incident-counts.js';
import { createMetrics } from '../../../src/metrics/metrics.js';
import { queueDepthsOf } from '../../../src/metrics/queue-depths.js';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import { startBoltRouteServer } from '../../support/bolt-route-server.js';
import { parsePrometheusText, seriesValues } from '../../support/prometheus-text.js';
import type { RouteServer } from '../../support/route-server.js';
import { createTestRuntime, silentLogger, type TestRuntime } from '../../support/test-runtime.js';

const API_TOKEN = 'api-token-0123456789abcdef';
const ADMIN = { user: 'admin', password: 'pa:ss-w0rd' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

let runtime: TestRuntime;
let server: RouteServer;
let unconfigured: RouteServer;
const metrics = createMetrics();

async function openIncident(id: string, minute: number, path: Ticket['status'][] = []): Promise<void> {
  const now = new Date(Date.UTC(2026, 0, 1, 9, minute));
  const ticket = newTicket({
    id,
    system: 'api',
    issue: `issue ${id}`,
    sev: 'sev2',
    source: 'inject',
    channel: null,
    fingerprint: `fp-${id}`,
    now,
  });
  await runtime.ctx.tickets.create(path.reduce((current, to) => withStatus(current, to, { now }), ticket));
}

beforeAll(async () => {
  runtime = createTestRuntime();
  await openIncident('INC-0001', 0, ['Remediation_Recommended', 'Awaiting_Approval']);
  await openIncident('INC-0002', 1);
  await openIncident('INC-0003', 2, ['Duplicate']);
  await runtime.ctx.timeline.append('INC-0001', 'incident.opened', {
    system: 'api',
    issue: 'crash',
    sev: 'sev1',
    source: 'inject',
  });
  await runtime.ctx.timeline.append('INC-0001', 'comment', { text: 'looking', ts: '1.000' }, { by: 'U123' });
  // No worker runs: the job stays waiting, and the dashboard and the depth gauge both see it.
  await runtime.ctx.queues.add('intake', { incidentId: 'INC-0002' });

  const queues = Object.values(QUEUE_NAMES).map((name) => runtime.ctx.queues.queue(name));
  const logger = silentLogger();
  metrics.setProviders({
    incidentsByStatus: incidentsByStatusOf(runtime.ctx.tickets),
    queueDepths: queueDepthsOf(queues),
  });
  const stores = { tickets: runtime.ctx.tickets, timeline: runtime.ctx.timeline, logger };
  server = await startBoltRouteServer([
    metricsRoute(metrics, logger),
    ...adminQueuesRoutes({ ...ADMIN, queues, logger }),
    ...incidentsApiRoutes({ ...stores, apiToken: API_TOKEN }),
  ]);
  unconfigured = await startBoltRouteServer([
    ...adminQueuesRoutes({ queues, logger }),
    ...incidentsApiRoutes(stores),
  ]);
});

afterAll(async () => {
  await server?.close();
  await unconfigured?.close();
  await runtime?.dispose();
});

const get = (base: RouteServer, path: string, headers: Record<string, string> = {}) =>
  fetch(`${base.url}${path}`, { headers });

describe('GET /metrics', () => {
  it('serves Prometheus text that parses and carries every series with its labels', async () => {
    metrics.observeStage('specialist:web', 120, 'model');
    metrics.observeStage('triage', 15, 'rules', true);
    metrics.countSlackCall('chat.update', 'rate_limited');
    metrics.countWebhook('alertmanager', 'accepted', 2);
    metrics.countJobFailure('incident', 'rca');

    const response = await get(server, '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const exposition = parsePrometheusText(await response.text());

    const series = seriesValues(exposition);
    expect(series).toMatchObject({
      'warroom_incidents{status="Awaiting_Approval"}': 1,
      'warroom_incidents{status="Diagnosing"}': 1,
      'warroom_incidents{status="Duplicate"}': 1,
      'warroom_incidents{status="Resolved"}': 0,
      'warroom_queue_jobs{queue="incident",state="waiting"}': 1,
      'warroom_queue_jobs{queue="slack-outbox",state="failed"}': 0,
      'warroom_stage_duration_seconds_count{engine="model",stage="specialist"}': 1,
      'warroom_model_calls_total{outcome="fallback",stage="triage"}': 1,
      'warroom_slack_calls_total{method="chat.update",result="rate_limited"}': 1,
      'warroom_webhook_alerts_total{result="accepted",source="alertmanager"}': 2,
      'warroom_job_failures_total{job="rca",queue="incident"}': 1,
    });
    expect(series.process_resident_memory_bytes).toBeGreaterThan(0);
    expect(Object.keys(series).filter((key) => key.includes('provider_failures'))).toEqual([]);
  });
});

describe('/admin/queues', () => {
  it('asks for basic auth without credentials or with wrong ones', async () => {
    for (const headers of [
      {},
      basic(ADMIN.user, 'wrong'),
      basic('root', ADMIN.password),
      bearer(API_TOKEN),
    ]) {
      const response = await get(server, '/admin/queues', headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="warroom"');
    }
    expect((await get(server, '/admin/queues/api/queues')).status).toBe(401);
  });

  it('serves the dashboard, its static assets and its API with the credentials', async () => {
    const auth = basic(ADMIN.user, ADMIN.password);
    const page = await get(server, '/admin/queues', auth);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    // Assets are relative to `<base href="/admin/queues/">`.
    expect(html).toContain('<base href="/admin/queues/"');
    const script = /src="(static\/js\/main\.[^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await get(server, `/admin/queues/${script}`, auth);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await get(server, `/admin/queues/${script}`)).status).toBe(401);
    expect((await get(server, '/admin/queues/queue/incident', auth)).status).toBe(200);

    const api = await get(server, '/admin/queues/api/queues', auth);
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(body.queues.map((queue) => queue.name).sort()).toEqual(['incident', 'ingest', 'slack-outbox']);
    expect(body.queues.find((queue) => queue.name === 'incident')?.counts.waiting).toBe(1);
  });

  it("carries the board's actions (PUT) through to the queues", async () => {
    const put = (path: string) =>
      fetch(`${server.url}/admin/queues/api/queues/incident/${path}`, {
        method: 'PUT',
        headers: basic(ADMIN.user, ADMIN.password),
      });
    const incidentQueue = runtime.ctx.queues.queue('incident');
    expect((await put('pause')).status).toBe(200);
    expect(await incidentQueue.isPaused()).toBe(true);
    expect((await put('resume')).status).toBe(200);
    expect(await incidentQueue.isPaused()).toBe(false);
  });

  it('is not mounted at all when ADMIN_USER or ADMIN_PASSWORD is unset', async () => {
    expect(adminQueuesRoutes({ user: 'admin', queues: [], logger: silentLogger() })).toEqual([]);
    const response = await get(unconfigured, '/admin/queues', basic(ADMIN.user, ADMIN.password));
    expect(response.status).toBe(404);
  });
});

describe('/api/incidents', () => {
  it('refuses without the bearer token, and says how to enable it when API_TOKEN is unset', async () => {
    for (const headers of [{}, bearer('wrong'), basic(ADMIN.user, ADMIN.password)]) {
      expect((await get(server, '/api/incidents', headers)).status).toBe(401);
      expect((await get(server, '/api/incidents/INC-0001', headers)).status).toBe(401);
    }
    const disabled = await get(unconfigured, '/api/incidents', bearer(API_TOKEN));
    expect(disabled.status).toBe(503);
    expect(await disabled.json()).toMatchObject({
      error: 'not_configured',
      message: expect.stringMatching(/API_TOKEN/),
    });
  });

  it('lists incidents newest first, filtered by status and limited', async () => {
    const ids = async (path: string) => {
      const response = await get(server, path, bearer(API_TOKEN));
      expect(response.status).toBe(200);
      const body = (await response.json()) as { count: number; incidents: Ticket[] };
      expect(body.count).toBe(body.incidents.length);
      return body.incidents.map((incident) => incident.id);
    };
    expect(await ids('/api/incidents')).toEqual(['INC-0003', 'INC-0002', 'INC-0001']);
    expect(await ids('/api/incidents?limit=2')).toEqual(['INC-0003', 'INC-0002']);
    expect(await ids('/api/incidents?status=Awaiting_Approval')).toEqual(['INC-0001']);
    expect(await ids('/api/incidents?status=Duplicate')).toEqual(['INC-0003']);
    expect(await ids('/api/incidents?status=Resolved')).toEqual([]);
  });

  it('answers 400 with a clear message for a bad status or limit', async () => {
    const bad = async (query: string) => {
      const response = await get(server, `/api/incidents?${query}`, bearer(API_TOKEN));
      expect(response.status).toBe(400);
      return ((await response.json()) as { message: string }).message;
    };
    expect(await bad('status=awaiting')).toMatch(/status must be one of Diagnosing, .*Awaiting_Approval/);
    expect(await bad('limit=0')).toMatch(/limit must be between 1 and 500/);
    expect(await bad('limit=501')).toMatch(/limit must be between 1 and 500/);
    expect(await bad('limit=ten')).toMatch(/limit must be a number/);
  });

  it('shows one incident with its timeline; 404 when unknown, 400 when malformed', async () => {
    const response = await get(server, '/api/incidents/INC-0001', bearer(API_TOKEN));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      incident: Ticket;
      timeline: Array<{ type: string; by?: string }>;
    };
    expect(body.incident).toMatchObject({ id: 'INC-0001', status: 'Awaiting_Approval' });
    expect(body.timeline.map((entry) => entry.type)).toEqual(['incident.opened', 'comment']);
    expect(body.timeline[1]?.by).toBe('U123');

    expect((await get(server, '/api/incidents/INC-0099', bearer(API_TOKEN))).status).toBe(404);
    const malformed = await get(server, '/api/incidents/drop-table', bearer(API_TOKEN));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid_id' });
  });
});
