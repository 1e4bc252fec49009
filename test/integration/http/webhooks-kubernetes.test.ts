import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src/domain/catalog/index.js';
import { webhookRoutes } from '../../../src/http/webhooks/index.js';
import { workloadServices } from '../../../src/kubernetes/workload-binding.js';
import { createMetrics, type Metrics } from '../../../src/metrics/metrics.js';
import { createQueueSink } from '../../../src/pipeline/ingest/queue-sink.js';
import { type RouteServer, startRouteServer } from '../../support/route-server.js';
import { createTestRuntime, silentLogger, type TestRuntime, waitFor } from '../../support/test-runtime.js';

const TOKEN = 'kube-webhook-token-0123456789';
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/kubernetes/${name}`, import.meta.url), 'utf8');

const CATALOG = `
services:
  - name: payments-api
    aliases: [payments]
    owner: { team: team-payments, slack: U0PAYOWNER }
    tier: 1
  - name: ledger-db
    aliases: [ledger]
    owner: { team: team-ledger, slack: U0LEDGER }
    tier: 2
`;

/** A service whose Kubernetes executor lists shop/payments: events on that workload are its. */
const BOUND_CATALOG = `${CATALOG}
  - name: storefront
    tier: 1
    executor: prod-k8s
executors:
  - name: prod-k8s
    kind: kubernetes
    namespaces:
      shop: { deployments: [payments] }
`;

function catalogLookup(text = CATALOG) {
  const outcome = parseCatalog([{ name: 'catalog.yaml', text }]);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const catalog = outcome.catalog;
  return {
    resolveService: (name: string) => catalog.find(name)?.name,
    resolveWorkload: workloadServices(catalog),
  };
}

describe('POST /webhooks/kubernetes through ingestion on the real Redis', () => {
  let runtime: TestRuntime | undefined;
  let server: RouteServer | undefined;
  let metrics: Metrics;
  afterEach(async () => {
    await server?.close();
    await runtime?.dispose();
    server = undefined;
    runtime = undefined;
  });

  async function start(lookups: Partial<ReturnType<typeof catalogLookup>> = {}) {
    runtime = createTestRuntime({ settings: { correlationWindowSeconds: 300 } });
    runtime.startIngestWorker();
    metrics = createMetrics();
    server = await startRouteServer(
      webhookRoutes({
        webhookToken: TOKEN,
        sink: createQueueSink(runtime.ingest, runtime.ctx.queues),
        logger: silentLogger(),
        onResult: (source, result, alerts, rejected) =>
          metrics.countWebhook(source, result, alerts, rejected),
        ...lookups,
      }),
    );
    const url = `${server.url}/webhooks/kubernetes`;
    const post = (body: string, token = TOKEN) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
    return { rt: runtime, post };
  }

  async function settled(rt: TestRuntime) {
    const queue = rt.ctx.queues.queue('ingest');
    await waitFor(async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
      return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0 ? true : undefined;
    });
  }

  const deliveries = [
    'backoff-count-1.json',
    'backoff-count-6.json',
    'normal-scheduled.json',
    'oomkilling.json',
    'backoff-count-14.json',
    'failedmount.json',
  ];

  async function deliverAll(post: (body: string) => Promise<Response>) {
    const answers: unknown[] = [];
    for (const name of deliveries) {
      const response = await post(fixture(name));
      expect(response.status).toBe(202);
      answers.push(await response.json());
    }
    return answers;
  }

  async function incidentsBySystem(rt: TestRuntime) {
    await settled(rt);
    const tickets = await rt.ctx.tickets.listRecent(20);
    return Object.fromEntries(tickets.map((ticket) => [ticket.system, ticket]));
  }

  it('opens one incident per workload; a repeated BackOff updates its series; Normal events take nothing', async () => {
    const { rt, post } = await start();
    const answers = await deliverAll(post);
    expect(answers[2]).toEqual({ ok: true, accepted: 0 });
    const bySystem = await incidentsBySystem(rt);
    expect(Object.keys(bySystem).sort()).toEqual(['ledger', 'payments', 'reports']);
    expect(bySystem.payments?.issue).toBe('BackOff on workload shop/payments');
    expect(bySystem.ledger?.issue).toBe('OOMKilling on workload shop/ledger');
    expect(bySystem.reports?.issue).toBe('FailedMount on workload analytics/reports');
    const tally = await rt.ingest.tally(bySystem.payments?.id ?? '');
    expect(tally).toMatchObject({ total: 1, firing: 1, deliveries: 3 });
    const rendered = (await metrics.render()).body;
    expect(rendered).toContain('source="kubernetes",result="accepted"} 6');
  });

  it('names services as the catalog does, through its aliases', async () => {
    const { rt, post } = await start(catalogLookup());
    await deliverAll(post);
    const bySystem = await incidentsBySystem(rt);
    // reports is not in the catalog: it keeps the workload's name rather than being dropped.
    expect(Object.keys(bySystem).sort()).toEqual(['ledger-db', 'payments-api', 'reports']);
  });

  it("names the service the catalog binds to the event's namespace and workload, before its labels", async () => {
    const { rt, post } = await start(catalogLookup(BOUND_CATALOG));
    await deliverAll(post);
    const bySystem = await incidentsBySystem(rt);
    expect(Object.keys(bySystem).sort()).toEqual(['ledger-db', 'reports', 'storefront']);
    expect(bySystem.storefront?.issue).toBe('BackOff on workload shop/payments');
  });

  it('refuses a wrong token and a body over 1 MiB before reading events', async () => {
    const { rt, post } = await start();
    expect((await post(fixture('oomkilling.json'), 'wrong-token')).status).toBe(401);
    const huge = JSON.stringify({
      ...JSON.parse(fixture('oomkilling.json')),
      message: 'x'.repeat(1_100_000),
    });
    expect((await post(huge)).status).toBe(413);
    expect((await post('{"reason":"BackOff","type":"Warning"}')).status).toBe(422);
    await settled(rt);
    expect(await rt.ctx.tickets.listRecent(5)).toEqual([]);
  });
});
