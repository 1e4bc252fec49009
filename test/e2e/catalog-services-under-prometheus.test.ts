import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, formatProblem, parseCatalog } from '../../src/domain/catalog/index.js';
import { TelemetrySnapshot } from '../../src/domain/telemetry.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { checkCatalogQueries } from '../../src/estate/check-catalog-queries.js';
import { DryRunOutput } from '../../src/pipeline/review/dry-run-output.js';
import { inRound, REVIEW_STAGES } from '../../src/pipeline/stage-catalog.js';
import { createPrometheusClient } from '../../src/telemetry/index.js';
import { threadMessage } from '../support/approval-flow.js';
import { requireTool, skipForMissingTool } from '../support/ci-tools.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { alertAndWait, approveAndVerify, incidentOn, VERIFIED } from '../support/incident-flow.js';
import { type MetricsService, startMetricsService } from '../support/metrics-services.js';
import { ensurePrometheus, type RunningPrometheus, startPrometheus } from '../support/prometheus-server.js';
import { waitFor } from '../support/test-runtime.js';

const prometheus = ensurePrometheus();
const skipPrometheus = skipForMissingTool('skip' in prometheus ? prometheus.skip : undefined);

const CHANNEL = 'C0OWNSERVICES';
const TOKEN = 'own-services-token';
const ONCALL = 'U0ONCALL';
/** Where diagnosis ends: waiting for people, handed over, or closed. */
const DIAGNOSED: readonly Ticket['status'][] = ['Awaiting_Approval', 'False_Positive', ...VERIFIED];

/**
 * Four catalog services: three real processes, and `ghost`, whose metrics exist nowhere. The real
 * ones rate over 30 s (Prometheus scrapes every second), not the default 5 m: a service broken late
 * in the file must reach 30 % 5xx within a case's minute, and over 5 m of healthy history it cannot.
 */
const CATALOG = `services:
  - name: checkout
    owner: { team: team-storefront, slack: U0STORE }
    tier: 1
    # Not payments: the first case leaves payments stopped, and a stopped dependency is rightly
    # named as the cause of its caller's 5xx; api is up until the case that breaks it, after this one.
    dependsOn: [api]
    runbookUrl: https://runbooks.example.com/checkout
    telemetry: { rateWindow: 30s }
  - name: payments
    aliases: [pay]
    owner: { team: team-payments, slack: U0PAY }
    tier: 1
    telemetry: { rateWindow: 30s }
  - name: api
    description: shares its name with a service of the simulated estate
    owner: { team: team-platform }
    tier: 2
    telemetry: { rateWindow: 30s }
  - name: ghost
    owner: { team: team-ghost }
    tier: 2
`;

describe.skipIf(skipPrometheus)(
  'three real services with /metrics, a private Prometheus and a catalog naming them',
  () => {
    const services = new Map<string, MetricsService>();
    let server: RunningPrometheus;
    let dir = '';
    let e2e: E2E | undefined;

    beforeAll(async () => {
      requireTool('skip' in prometheus ? prometheus.skip : undefined);
      if (!('binary' in prometheus)) return;
      for (const name of ['checkout', 'payments', 'api']) services.set(name, await startMetricsService(name));
      server = await startPrometheus(
        prometheus.binary,
        [...services.values()].map((service) => ({
          address: service.address,
          labels: { service: service.name },
        })),
      );
      dir = await mkdtemp(join(tmpdir(), 'warroom-catalog-'));
      await writeFile(join(dir, 'catalog.yaml'), CATALOG);
    }, 120_000);

    afterEach(async () => {
      await e2e?.close();
      e2e = undefined;
    });

    afterAll(async () => {
      await Promise.all([...services.values()].map((service) => service.stop()));
      await server?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    function start(env: Record<string, string> = {}) {
      return startE2E({
        env: {
          WARROOM_CATALOG: join(dir, 'catalog.yaml'),
          PROMETHEUS_URL: server.url,
          WEBHOOK_TOKEN: TOKEN,
          SLACK_INCIDENT_CHANNEL: CHANNEL,
          TELEMETRY_TIMEOUT_MS: '5000',
          VERIFY_SETTLE_SECONDS: '0',
          VERIFY_SAMPLES: '2',
          VERIFY_SAMPLE_INTERVAL_SECONDS: '0.2',
          ...env,
        },
      });
    }

    const catalogOf = (run: E2E) => run.warroom.runtime.ctx.catalog as Catalog;

    async function instant(promql: string): Promise<number | undefined> {
      const client = createPrometheusClient({ baseUrl: server.url, timeoutMs: 2000 });
      const answer = await client.queryInstant(promql, new Date(), AbortSignal.timeout(2000));
      return answer.ok ? answer.value[0]?.value : undefined;
    }

    /** Makes a service answer 60 % of its requests with a 500, and waits until Prometheus sees it. */
    async function breakService(run: E2E, name: string) {
      await services.get(name)?.failShare(0.6);
      const query = catalogOf(run).promql(name).error_rate_pct ?? '';
      await waitFor(async () => ((await instant(query)) ?? 0) > 30 || undefined, {
        timeoutMs: 60_000,
        what: `Prometheus to see ${name}'s 5xx`,
      });
    }

    const alertAndDiagnose = (run: E2E, service: string, alertname: string) =>
      alertAndWait(run, { token: TOKEN, service, alertname, statuses: DIAGNOSED });

    it('a stopped process: the monitor opens an incident for it from up == 0, with no webhook', async () => {
      e2e = await start({ MONITOR_INTERVAL_SECONDS: '0.5' });
      const { health } = e2e.warroom.runtime.ctx;
      // Up and never failing (no 5xx series at all): healthy, not unknown; the monitor opens nothing.
      const healthy = await waitFor(
        async () => {
          const [payments] = await health.probe(['payments'], new Date());
          return payments?.state === 'healthy' ? payments : undefined;
        },
        { timeoutMs: 30_000, what: 'payments healthy in Prometheus' },
      );
      expect(healthy.readings).toMatchObject({ up: 1, error_rate_pct: 0 });
      expect(await e2e.warroom.runtime.ctx.tickets.listRecent(5)).toEqual([]);
      await services.get('payments')?.stop();
      const ticket = await incidentOn(
        e2e,
        'payments',
        ['Diagnosing', 'Awaiting_Approval', 'Needs_Followup'],
        60_000,
      );
      expect(ticket.source).toBe('monitor');
      expect(ticket.issue).toMatch(/^payments down: up 0 ≤ 0: down/);
      expect(await e2e.warroom.runtime.ctx.tickets.listRecent(20)).not.toContainEqual(
        expect.objectContaining({ system: 'ghost' }),
      );
    });

    it('an Alertmanager alert on a service serving 5xx: the RCA names it with the number Prometheus computed; the plan names its owner and runbook', async () => {
      e2e = await start();
      await breakService(e2e, 'checkout');
      const ticket = await alertAndDiagnose(e2e, 'checkout', 'CheckoutErrors');
      expect(ticket.status).toBe('Awaiting_Approval');
      // No release to blame in its telemetry: the cause is named, the fault kind left open.
      expect(ticket.rca?.rootService).toBe('checkout');

      // The snapshot's last point is Prometheus's own answer to the catalog's query at that very
      // moment (to the millisecond: not a second earlier, before what breakService already saw).
      const snapshot = await e2e.warroom.runtime.ctx.stages.telemetry(ticket.id, TelemetrySnapshot);
      const series = snapshot?.services.checkout?.metrics.error_rate_pct ?? [];
      const latest = series.at(-1) ?? Number.NaN;
      const end = new Date(snapshot?.generatedAt ?? '');
      const client = createPrometheusClient({ baseUrl: server.url, timeoutMs: 2000 });
      const direct = await client.queryRange(
        catalogOf(e2e).promql('checkout').error_rate_pct ?? '',
        { start: new Date(end.getTime() - 29 * 60_000), end, stepSeconds: 60 },
        AbortSignal.timeout(2000),
      );
      const computed = direct.ok ? direct.value[0]?.points.at(-1)?.[1] : undefined;
      expect(latest).toBe(Math.round((computed ?? Number.NaN) * 100) / 100);
      const quoted = /error_rate_pct (\d+(?:\.\d+)?)/.exec(ticket.rca?.evidence.join('\n') ?? '');
      expect(Number(quoted?.[1])).toBe(Math.round(latest));
      expect(ticket.rca?.evidence).toContain(
        `PromQL for error_rate_pct on checkout: ${catalogOf(e2e).promql('checkout').error_rate_pct}`,
      );

      expect(ticket.recommendations.every((action) => action.kind === 'manual')).toBe(true);
      expect(ticket.recommendations[0]?.description).toMatch(/<@U0STORE>/);
      expect(ticket.recommendations[0]?.description).toMatch(/https:\/\/runbooks\.example\.com\/checkout/);
    });

    it('a service whose metrics exist nowhere: the thread says no data, it is no false positive, and verification never says Resolved', async () => {
      e2e = await start();
      const ticket = await alertAndDiagnose(e2e, 'ghost', 'GhostDown');
      expect(ticket.status).not.toBe('False_Positive');
      expect(ticket.rca?.summary).toBe('No data for ghost: its health is unknown, not healthy');
      const rca = await threadMessage(e2e, CHANNEL, ticket.id, 'rca');
      const query = catalogOf(e2e).promql('ghost').error_rate_pct ?? '';
      expect(JSON.stringify(rca.message.blocks)).toContain(
        `no data for error_rate_pct on ghost: query ${query}`.slice(0, 80),
      );
      // The rest of the catalog, unrelated to ghost, is one line rather than a note per signal.
      const notes =
        (await e2e.warroom.runtime.ctx.stages.telemetry(ticket.id, TelemetrySnapshot))?.notes ?? [];
      expect(notes.filter((note) => / on (checkout|payments|api): /.test(note))).toEqual([]);
      expect(notes.at(-1)).toMatch(
        /^no data for \d+ more signal\(s\) on 3 other service\(s\): \/incident services lists them$/,
      );

      const verified = await approveAndVerify(e2e, { channel: CHANNEL, user: ONCALL }, ticket.id);
      expect(verified.status).toBe('Needs_Followup');
      expect(verified.resolution).toMatch(
        /^ghost could not be verified \(no data for up on ghost: query .+ returned nothing/,
      );
    });

    it('a catalog service named like a simulated one (api), really unhealthy: dry run and verification report the real state, even with AUTO_REMEDIATE on', async () => {
      e2e = await start({ AUTO_REMEDIATE: 'true' });
      await breakService(e2e, 'api');
      const ticket = await alertAndDiagnose(e2e, 'api', 'ApiErrors');
      expect(ticket.status).toBe('Awaiting_Approval');
      const dry = await e2e.warroom.runtime.ctx.stages.output(
        ticket.id,
        inRound(REVIEW_STAGES.sandbox, 1).key,
        DryRunOutput,
      );
      expect(dry?.summary).toMatch(
        /^Not simulated: api has no executor in the catalog, so every step is manual\. api is (down|degraded) now \(error_rate_pct \d+/,
      );
      expect(dry?.helps).toBe(false);

      const verified = await approveAndVerify(e2e, { channel: CHANNEL, user: ONCALL }, ticket.id);
      expect(verified.status).toBe('Needs_Followup');
      expect(verified.resolution).toMatch(/^api is still (down|degraded); 2 health samples/);
      // The simulated estate's api was never touched: it is not the catalog's api.
      const simulated = await e2e.warroom.runtime.ctx.estate.read();
      expect(simulated.journal).toEqual([]);
    });

    it('/incident services lists every catalog service with its health now and what was unknown; App Home shows it compactly', async () => {
      e2e = await start();
      const run = e2e;
      const before = run.emulator.responseUrlPosts().length;
      const sent = await run.driver.slashCommand({
        command: '/incident',
        text: 'services',
        userId: ONCALL,
        channelId: CHANNEL,
      });
      expect(sent.status).toBe(200);
      const reply = await waitFor(() => run.emulator.responseUrlPosts()[before], {
        what: 'the services reply',
      });
      const text = JSON.stringify(reply.body.blocks);
      expect(String(reply.body.text)).toMatch(/^4 services in your catalog: /);
      expect(text).toContain('🔴 *payments* down · team-payments · tier 1');
      expect(text).toContain('⚪ *ghost* unknown · team-ghost · tier 2');
      expect(text).toContain('no data for up on ghost: query max(up{service=\\"ghost\\"}) returned nothing');

      await run.driver.event({
        event: { type: 'app_home_opened', user: ONCALL, channel: `D${ONCALL}`, tab: 'home' },
      });
      const home = await waitFor(() => run.emulator.homeView(ONCALL), { what: 'the Home tab' });
      const homeText = JSON.stringify(home.view.blocks);
      expect(homeText).toMatch(/\*Your services\* · \d+ down/);
      expect(homeText).toContain('⚪ *ghost* unknown');
    });
    it('a broken query in the catalog is reported with its service and signal, and the bot starts anyway', async () => {
      const withBroken = `${CATALOG}  - name: broken
    owner: { team: team-typo }
    tier: 3
    telemetry:
      error_rate_pct: 'sum(rate(http_requests_total{{selector}}[{rateWindow}])'
      latency_p99_ms: 'http_requests_total{{selector}}[5m]'
`;
      const parsed = parseCatalog([{ name: 'broken.yaml', text: withBroken }]);
      if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
      const client = createPrometheusClient({ baseUrl: server.url, timeoutMs: 5000 });
      const broken = await checkCatalogQueries(parsed.catalog, client, new Date(), 10_000);
      expect(broken.map(({ service, signal }) => `${service} ${signal}`)).toEqual([
        'broken error_rate_pct',
        'broken latency_p99_ms',
      ]);
      expect(broken[0]?.problem).toMatch(/^HTTP 400 \(.*parse error/);
      expect(broken[1]?.problem).toBe('answer had an unexpected shape');

      await writeFile(join(dir, 'broken.yaml'), withBroken);
      e2e = await start({ WARROOM_CATALOG: join(dir, 'broken.yaml') });
      expect((await fetch(`${e2e.warroom.url}/healthz`)).status).toBe(200);
      expect(e2e.warroom.runtime.ctx.catalog?.find('broken')?.name).toBe('broken');
    });
  },
);
