import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/dev/slack-emulator/index.js';
import type { Rollout, RolloutStatus } from '../../src/domain/rollout/rollout.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { APPROVE, CHANGE_RESUME, REJECT } from '../../src/slack/action-ids.js';
import { CHANGE_MESSAGE_KEYS } from '../../src/slack/outbox/message-keys.js';
import { click, ephemeralsFor, hasButton, privateAnswer, threadMessage } from '../support/approval-flow.js';
import { requireTool, skipForMissingTool } from '../support/ci-tools.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { E2E_WEBHOOK_TOKEN, postJson } from '../support/e2e-alerts.js';
import { startKubeApiServer } from '../support/kube-api-server.js';
import { ensurePrometheus } from '../support/prometheus-server.js';
import { type RolloutEstate, startRolloutEstate } from '../support/rollout-estate.js';
import { ensureSupervisord } from '../support/supervisord.js';
import { waitFor } from '../support/test-runtime.js';

const prometheus = ensurePrometheus();
const supervisord = ensureSupervisord();
const missing = 'skip' in prometheus ? prometheus.skip : 'skip' in supervisord ? supervisord.skip : undefined;

const CHANNEL = 'C0CHANGES';
const LEAD = 'U0SHOPLEAD';
const STRANGER = 'U0STRANGER';
const CHANGE_TOKEN = 'change-api-token';
const READ_TOKEN = 'read-only-api-token';
const BAKE = '4s';
const KUBE_TOKEN = 'kube-sa-token-rollouts-0123456789';
const CANARY_RUNBOOK = `runbooks:
  - id: canary-shop
    title: Shop's image on the canary first, then on the rest
    rollout: { service: shop, unit: step }
    params:
      version: { type: string, pattern: "^[0-9A-Za-z.-]{1,40}$" }
    steps:
      - id: canary
        title: Update the canary's image
        executor: prod-k8s
        action: { kind: kubernetes, operation: set-image, namespace: shop, deployment: shop-canary, container: shop-canary, image: "registry.example.com/shop:{{version}}" }
        risk: medium
      - id: rest
        title: Update the rest
        executor: prod-k8s
        action: { kind: kubernetes, operation: set-image, namespace: shop, deployment: shop, container: shop, image: "registry.example.com/shop:{{version}}" }
        risk: medium
`;

/** A runbook that rolls shop back to the version before its last recorded deploy (planned, never run here). */
const ROLLBACK_RUNBOOK = `  - id: rollback-shop
    title: Roll shop back to the version before its last deploy
    matches: { services: [shop] }
    params: { version: { type: string, from: previousVersion, pattern: "^[0-9A-Za-z.-]{1,40}$" } }
    steps:
      - { id: deploy-previous, title: Ask the deploy hook to put every instance back, executor: deploy-hook, risk: medium,
          action: { kind: http, method: POST, path: /deploy/shop, body: { version: "{{version}}", percent: "100" } } }
`;

describe.skipIf(skipForMissingTool(missing))(
  'rollouts through Slack on three real shop instances under a real supervisord, gated on a real Prometheus',
  () => {
    let estate: RolloutEstate;
    let e2e: E2E | undefined;

    beforeAll(async () => {
      requireTool(missing);
      if (!('binary' in prometheus) || !('binary' in supervisord)) return;
      estate = await startRolloutEstate({ supervisord: supervisord.binary, prometheus: prometheus.binary });
    }, 120_000);

    afterEach(async () => {
      await e2e?.close();
      e2e = undefined;
    });

    afterAll(async () => {
      await estate?.stop();
    });

    async function start(env: Record<string, string> = {}, reuseEmulator?: E2E['emulator']) {
      e2e = await startE2E({
        ...(reuseEmulator ? { reuseEmulator } : {}),
        env: {
          WARROOM_CATALOG: estate.catalogPath,
          WARROOM_RUNBOOKS: estate.runbooksPath,
          PROMETHEUS_URL: estate.prometheus.url,
          SLACK_INCIDENT_CHANNEL: CHANNEL,
          TELEMETRY_TIMEOUT_MS: '5000',
          LOCAL_COMMANDS: 'true',
          CHANGE_API_TOKEN: CHANGE_TOKEN,
          API_TOKEN: READ_TOKEN,
          ...env,
        },
        overrides: { credentialEnv: { LAB_SUPERVISOR_PASSWORD: estate.supervisord.password } },
      });
      return e2e;
    }

    /**
     * The version each instance answers, once every one answers: supervisord calls a restart done
     * once the process has run a second, which may be before it listens.
     */
    const versions = () =>
      waitFor(
        async () => {
          const answered = await estate.versions();
          return answered.includes('down') ? undefined : answered;
        },
        { timeoutMs: 20_000, intervalMs: 100, what: 'every shop instance to answer' },
      );

    /** Until Prometheus reads shop healthy on every instance: a pre-flight then has nothing to say against it. */
    const healthy = (run: E2E) =>
      waitFor(
        async () => {
          const [report] = await run.warroom.runtime.ctx.health.probe(['shop'], new Date());
          return report?.state === 'healthy' ? report : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: 'Prometheus to read shop healthy' },
      );

    const change = (run: E2E, userId: string, text: string) =>
      privateAnswer(run, { command: '/change', text, userId, channelId: CHANNEL });

    async function rollout(run: E2E, text: string): Promise<string> {
      const answer = await change(run, LEAD, `rollout ${text}`);
      const id = /^(CHG-\d{4}) opened/.exec(answer)?.[1];
      expect(id, answer).toBeDefined();
      return id ?? '';
    }

    const statusOf = (run: E2E, id: string, statuses: readonly RolloutStatus[], timeoutMs = 90_000) =>
      waitFor(
        async () => {
          const found = await run.warroom.runtime.ctx.rollouts.get(id);
          return found && statuses.includes(found.status) ? found : undefined;
        },
        { timeoutMs, intervalMs: 100, what: `${id} to be ${statuses.join(' or ')}` },
      );

    const card = (run: E2E, id: string, status: RolloutStatus) =>
      waitFor(
        () => run.emulator.messages(CHANNEL).find((message) => message.text.startsWith(`${id} · ${status}`)),
        { timeoutMs: 20_000, what: `${id}'s card saying ${status}` },
      );

    /** `/incident declare` on shop (sev3), until the incident is open (and has reached `status`, when given). */
    async function declareOnShop(run: E2E, what: string, status?: Ticket['status']): Promise<Ticket> {
      const declared = await run.driver.slashCommand({
        command: '/incident',
        text: `declare shop ${what} sev3`,
        userId: LEAD,
        channelId: CHANNEL,
      });
      expect(declared.status).toBe(200);
      return waitFor(
        async () =>
          (await run.warroom.runtime.ctx.tickets.listOpen()).find(
            (ticket) => ticket.system === 'shop' && (status === undefined || ticket.status === status),
          ),
        { timeoutMs: 60_000, what: `the declared incident on shop${status ? ` at ${status}` : ''}` },
      );
    }

    const shown = (message: StoredMessage) => `${message.text}\n${JSON.stringify(message.blocks)}`;

    async function approvalOf(run: E2E, id: string) {
      const { message } = await threadMessage(run, CHANNEL, id, CHANGE_MESSAGE_KEYS.approval, (current) =>
        hasButton(current, APPROVE),
      );
      return message;
    }

    async function logSays(run: E2E, id: string, text: string | RegExp) {
      const matches = (message: StoredMessage) =>
        typeof text === 'string' ? shown(message).includes(text) : text.test(shown(message));
      const { message } = await threadMessage(run, CHANNEL, id, CHANGE_MESSAGE_KEYS.log, matches, 30_000);
      return shown(message);
    }

    it('a good version goes through every phase: pre-flight, the plan through the approval message, each instance restarted on it, every gate passed on real telemetry: completed', async () => {
      const run = await start();
      await healthy(run);
      const before = await versions();
      const id = await rollout(run, `shop 2.0.0 --phases 34,67,100 --bake ${BAKE} --previous ${before[0]}`);
      await statusOf(run, id, ['awaiting-approval'], 60_000);
      const approval = await approvalOf(run, id);
      const plan = shown(approval);
      expect(plan).toContain(`${id} · round 1`);
      expect(plan).toContain('*Change:* Roll out shop 1.0.0 → 2.0.0');
      expect(plan).toContain('instance(s) 1 switched to `2.0.0`');
      expect(plan).toContain('after a 4 s bake: health probe');
      expect(plan).toContain('would restart shop-1');
      expect(plan).toContain(`cc <@${LEAD}>`);
      expect(hasButton(approval, REJECT)).toBe(true);
      expect(plan).not.toContain(estate.supervisord.password);
      // The same approvers as an incident's plan on shop: a stranger is refused and nothing moves.
      expect((await click(run, STRANGER, CHANNEL, approval, APPROVE)).status).toBe(200);
      await waitFor(
        () =>
          ephemeralsFor(run, STRANGER).find((text) =>
            text.startsWith(`Only approvers can decide on ${id} on shop`),
          ),
        { what: 'the refusal of a non-approver' },
      );
      expect((await run.warroom.runtime.ctx.rollouts.get(id))?.status).toBe('awaiting-approval');

      const recordedNow = async () => {
        const now = Date.now();
        return (await run.warroom.runtime.ctx.changes.between(now - 600_000, now)).filter(
          (recorded) => recorded.id === id,
        );
      };
      // Asked and planned, nothing switched yet: no incident may name it.
      expect(await recordedNow()).toEqual([]);

      const startedAt = Date.now();
      expect((await click(run, LEAD, CHANNEL, approval, APPROVE)).status).toBe(200);
      const done = await statusOf(run, id, ['completed', 'rolled-back', 'failed']);
      const tookMs = Date.now() - startedAt;
      expect(done.status, done.reason).toBe('completed');
      expect(await versions()).toEqual(['2.0.0', '2.0.0', '2.0.0']);
      // Recorded as of the moment the first instance went live on it, not the approval.
      const firstSwitch = done.log.find((line) => line.text.includes('instance 1 now runs 2.0.0'));
      expect(done.liveAt).toBe(firstSwitch?.at);
      expect(Date.parse(done.liveAt ?? '')).toBeGreaterThan(Date.parse(done.startedAt ?? ''));
      expect(await recordedNow()).toEqual([
        expect.objectContaining({ service: 'shop', version: '2.0.0', at: done.liveAt, source: 'rollout' }),
      ]);
      expect(done.switched).toEqual([1, 2, 3]);
      const log = await logSays(run, id, 'runs 2.0.0 on every instance');
      for (const phase of ['phase 1/3 (1 of 3', 'phase 2/3 (2 of 3', 'phase 3/3 (3 of 3'])
        expect(log).toContain(`Gate after ${phase} instance(s)) passed: up 1`);
      expect(log).toMatch(/5xx 0 % \(limit 5 %\) on shop after 4 s/);
      await card(run, id, 'completed');
      // Recorded as a change: an incident on shop from now on names it.
      const now = Date.now();
      const recorded = await run.warroom.runtime.ctx.changes.between(now - 600_000, now);
      expect(recorded).toContainEqual(
        expect.objectContaining({ id, service: 'shop', version: '2.0.0', source: 'rollout' }),
      );
      console.info(`rollout of 3 instances in 3 phases (bake 4 s each), approve → completed: ${tookMs} ms`);
    }, 180_000);

    it("a bad version (its process serves 5xx) fails the first gate and is rolled back automatically, with the gate's real numbers in the thread", async () => {
      const run = await start();
      await healthy(run);
      const [previous] = await versions();
      const id = await rollout(run, `shop 2.1.0 --phases 34,67,100 --bake ${BAKE} --previous ${previous}`);
      const approval = await approvalOf(run, id);
      const startedAt = Date.now();
      expect((await click(run, LEAD, CHANNEL, approval, APPROVE)).status).toBe(200);
      const failing = await statusOf(run, id, ['rolling-back', 'rolled-back', 'completed', 'failed']);
      const gateMs = Date.now() - startedAt;
      expect(failing.status).not.toBe('completed');
      const done = await statusOf(run, id, ['rolled-back', 'failed']);
      const tookMs = Date.now() - startedAt;
      expect(done.status, done.reason).toBe('rolled-back');
      expect(done.reason).toMatch(
        /^gate after phase 1\/3 \(1 of 3 instance\(s\)\) failed: 5xx \d+(\.\d)? % > 5 % on shop after 4 s$/,
      );
      const percent = Number(/5xx (\d+(?:\.\d)?) %/.exec(done.reason ?? '')?.[1]);
      // One instance of three fails 60 % of its requests: about 20 % of shop's, as Prometheus read it.
      expect(percent).toBeGreaterThan(5);
      expect(percent).toBeLessThan(60);
      expect(await versions()).toEqual([previous, previous, previous]);
      const log = await logSays(run, id, `every instance of shop runs ${previous} again`);
      expect(log).toContain(
        `Gate after phase 1/3 (1 of 3 instance(s)) failed: 5xx ${percent} % &gt; 5 % on shop after 4 s`,
      );
      expect(log).toContain(`Instance 1 is back on ${previous}`);
      expect(log).not.toContain('instance 2 now runs');
      const shownCard = shown(await card(run, id, 'rolled-back'));
      expect(shownCard).toContain(`5xx ${percent} % &gt; 5 % on shop after 4 s`);
      // The rollback is a change too: the newest change on shop says it runs the previous version again.
      const now = Date.now();
      const onShop = (await run.warroom.runtime.ctx.changes.between(now - 600_000, now)).filter(
        (change) => change.service === 'shop',
      );
      expect(onShop.slice(-2)).toMatchObject([
        { id, version: '2.1.0', previousVersion: previous },
        { id: `${id}:rollback`, version: previous, previousVersion: '2.1.0', source: 'rollout' },
      ]);
      console.info(
        `bad version: approve → failed gate ${gateMs} ms (5xx ${percent} % read on Prometheus), approve → rolled back ${tookMs} ms (rollback itself ${tookMs - gateMs} ms)`,
      );
    }, 180_000);

    it('the kill switch halts a rollout at its next gate, leaves the phase as it is and says so; a person resumes it', async () => {
      const run = await start();
      await healthy(run);
      const [previous] = await versions();
      const id = await rollout(run, `shop 2.2.0 --phases 34,67,100 --bake ${BAKE} --previous ${previous}`);
      const approval = await approvalOf(run, id);
      expect((await click(run, LEAD, CHANNEL, approval, APPROVE)).status).toBe(200);
      await waitFor(
        async () =>
          (await run.warroom.runtime.ctx.rollouts.get(id))?.switched.length === 1 ? true : undefined,
        {
          timeoutMs: 30_000,
          what: 'the first phase to switch instance 1',
        },
      );
      await change(run, LEAD, 'list');
      const killed = await run.driver.slashCommand({
        command: '/incident',
        text: 'kill-switch on',
        userId: LEAD,
        channelId: CHANNEL,
      });
      expect(killed.status).toBe(200);
      const halted = await statusOf(run, id, ['halted', 'completed', 'rolled-back']);
      expect(halted.status).toBe('halted');
      expect(halted.reason).toContain('the kill switch is on: halted at the gate of phase 1/3');
      expect(await versions()).toEqual(['2.2.0', previous, previous]);
      // App Home lists it under way, with its phase and status, in a view the emulator checks as Slack does.
      const homeText = () => JSON.stringify(run.emulator.homeView(LEAD)?.view ?? {});
      await run.driver.event({
        event: { type: 'app_home_opened', user: LEAD, channel: 'D0HOME', tab: 'home' },
      });
      await waitFor(() => (homeText().includes(`\`shop\` 2.2.0 · phase 1/3 · halted`) ? true : undefined), {
        what: `${id} halted at phase 1/3 on App Home`,
      });
      expect(homeText()).toContain('Changes under way (1)');
      expect(homeText()).toContain(id);
      const haltedCard = await card(run, id, 'halted');
      expect(hasButton(haltedCard, CHANGE_RESUME)).toBe(true);
      expect(await logSays(run, id, 'Halted: the kill switch is on')).toContain(`/change resume ${id}`);
      expect(await change(run, LEAD, `resume ${id}`)).toBe(
        'The kill switch is on: no rollout moves until it is off. Nothing was changed.',
      );
      expect((await run.warroom.runtime.ctx.rollouts.get(id))?.status).toBe('halted');
      await run.driver.slashCommand({
        command: '/incident',
        text: 'kill-switch off',
        userId: LEAD,
        channelId: CHANNEL,
      });
      await waitFor(async () => ((await run.warroom.runtime.ctx.killSwitch.state()).on ? undefined : true));
      expect((await click(run, LEAD, CHANNEL, haltedCard, CHANGE_RESUME)).status).toBe(200);
      const done = await statusOf(run, id, ['completed', 'rolled-back', 'failed']);
      expect(done.status, done.reason).toBe('completed');
      expect(await versions()).toEqual(['2.2.0', '2.2.0', '2.2.0']);
      const log = await logSays(run, id, 'runs 2.2.0 on every instance');
      expect(log).toContain(`Resumed by <@${LEAD}>: phase 1 goes on from where it stopped`);
      expect(log).toContain('Gate after phase 3/3');
      // Finished: no longer under way on App Home.
      await waitFor(() => (homeText().includes('Changes under way') ? undefined : true), {
        what: `App Home without ${id}`,
      });
    }, 180_000);

    it('a worker restart mid-rollout carries on from the change: the delayed gate runs in the new process, no instance switches twice', async () => {
      const first = await start();
      await healthy(first);
      const [previous] = await versions();
      const id = await rollout(first, `shop 2.0.0 --phases 34,67,100 --bake ${BAKE} --previous ${previous}`);
      const approval = await approvalOf(first, id);
      expect((await click(first, LEAD, CHANNEL, approval, APPROVE)).status).toBe(200);
      await logSays(first, id, 'baking 4 s before its gate');
      const pidAfterSwitch = await estate.supervisord.pidOf('shop-1');
      // The same Redis and Slack workspace, a brand-new process: the first one is gone mid-bake.
      const { prefix, emulator } = first;
      await first.warroom.close();
      e2e = undefined;
      const restarted = await start({ REDIS_PREFIX: prefix }, emulator);
      const done = await statusOf(restarted, id, ['completed', 'rolled-back', 'failed']);
      expect(done.status, done.reason).toBe('completed');
      expect(await versions()).toEqual(['2.0.0', '2.0.0', '2.0.0']);
      expect(await estate.supervisord.pidOf('shop-1')).toBe(pidAfterSwitch);
      const log = await logSays(restarted, id, 'runs 2.0.0 on every instance');
      expect(log.match(/instance 1 now runs/g)).toHaveLength(1);
      expect(
        restarted.emulator.messages(CHANNEL).filter((message) => message.text.startsWith(`${id} · `)),
      ).toHaveLength(1);
    }, 180_000);

    it('through an HTTP deploy hook (phases as percentages): a bad version fails its first gate and the hook is asked to roll everything back', async () => {
      const run = await start({ WARROOM_RUNBOOKS: estate.hookRunbooksPath });
      await healthy(run);
      const [previous] = await versions();
      estate.hookCalls.length = 0;
      const id = await rollout(run, `shop 2.1.0 --phases 50,100 --bake ${BAKE} --previous ${previous}`);
      const approval = await approvalOf(run, id);
      const plan = shown(approval);
      expect(plan).toContain('*1.* 50 % of shop moved to `2.1.0` in one call');
      expect(plan).toContain('Each phase: `deploy`');
      expect(estate.hookCalls).toEqual([]);
      const startedAt = Date.now();
      expect((await click(run, LEAD, CHANNEL, approval, APPROVE)).status).toBe(200);
      const done = await statusOf(run, id, ['rolled-back', 'failed', 'completed']);
      const tookMs = Date.now() - startedAt;
      expect(done.status, done.reason).toBe('rolled-back');
      expect(done.reason).toMatch(
        /^gate after phase 1\/2 \(50 %\) failed: 5xx \d+(\.\d)? % > 5 % on shop after 4 s$/,
      );
      expect(estate.hookCalls).toEqual([
        { version: '2.1.0', percent: 50 },
        { version: previous, percent: 100 },
      ]);
      expect(await versions()).toEqual([previous, previous, previous]);
      const log = await logSays(run, id, `every instance of shop runs ${previous} again`);
      expect(log).toContain('phase 1/2 (50 %): 50 % now runs 2.1.0');
      expect(log).toContain(`Shop (100 %) is back on ${previous}`);
      expect(shown(await card(run, id, 'rolled-back'))).toContain('phases 50 %, 100 %');
      console.info(`deploy hook, bad version: approve → rolled back ${tookMs} ms`);
    }, 180_000);

    it('a Kubernetes image update, on the canary then on the rest, each phase gated on real Prometheus (a local server answering as the API server)', async () => {
      const api = await startKubeApiServer(KUBE_TOKEN, 'shop', [
        { name: 'shop-canary', replicas: 1, revision: 1, image: 'registry.example.com/shop:2.2.0' },
        { name: 'shop', replicas: 3, revision: 1, image: 'registry.example.com/shop:2.2.0' },
      ]);
      const dir = await mkdtemp(join(tmpdir(), 'warroom-k8s-rollout-'));
      try {
        const catalogPath = join(dir, 'catalog.yaml');
        const runbooksPath = join(dir, 'runbooks.yaml');
        await writeFile(
          catalogPath,
          `${await readFile(estate.catalogPath, 'utf8')}  - name: prod-k8s\n    kind: kubernetes\n    namespaces: { shop: { deployments: [shop-canary, shop] } }\n`,
        );
        await writeFile(runbooksPath, CANARY_RUNBOOK);
        const run = await start({
          WARROOM_CATALOG: catalogPath,
          WARROOM_RUNBOOKS: runbooksPath,
          KUBECONFIG: api.kubeconfigPath,
        });
        await healthy(run);
        const id = await rollout(run, `shop 2.3.0 --phases 10,100 --bake ${BAKE} --previous 2.2.0`);
        const approval = await approvalOf(run, id);
        const plan = shown(approval);
        expect(plan).toContain('*1.* 10 %: step `canary` with `2.3.0`');
        expect(plan).toContain(
          'set image shop-canary=registry.example.com/shop:2.3.0 deployment shop/shop-canary',
        );
        expect(plan).toContain('Runbook canary-shop: 2 of 2 step(s) dry-run ok through their executors');
        expect(plan).toContain('PATCH /apis/apps/v1/namespaces/shop/deployments/shop-canary?dryRun=All');
        expect(api.calls().filter((call) => call.startsWith('PATCH') && !call.includes('dryRun'))).toEqual(
          [],
        );
        const startedAt = Date.now();
        expect((await click(run, LEAD, CHANNEL, approval, APPROVE)).status).toBe(200);
        const done = await statusOf(run, id, ['completed', 'rolled-back', 'failed']);
        const tookMs = Date.now() - startedAt;
        expect(done.status, done.reason).toBe('completed');
        const image = (name: string) =>
          (
            api.deployments.get(name)?.spec.template.spec as
              | { containers: Array<{ image: string }> }
              | undefined
          )?.containers[0]?.image;
        expect([image('shop-canary'), image('shop')]).toEqual([
          'registry.example.com/shop:2.3.0',
          'registry.example.com/shop:2.3.0',
        ]);
        const writes = api.calls().filter((call) => call.startsWith('PATCH') && !call.includes('dryRun'));
        expect(writes).toEqual([
          'PATCH /apis/apps/v1/namespaces/shop/deployments/shop-canary?fieldManager=warroom',
          'PATCH /apis/apps/v1/namespaces/shop/deployments/shop?fieldManager=warroom',
        ]);
        const log = await logSays(run, id, 'runs 2.3.0 on every instance');
        expect(log).toContain('Gate after phase 1/2 (step canary) passed');
        expect(log.indexOf('step canary now runs 2.3.0')).toBeLessThan(
          log.indexOf('step rest now runs 2.3.0'),
        );
        console.info(`kubernetes canary then the rest (bake 4 s each), approve → completed: ${tookMs} ms`);
      } finally {
        await api.close();
        await rm(dir, { recursive: true, force: true });
      }
    }, 180_000);

    it('a change is blocked by an open incident on its service, with the reason on its card; nothing is asked or run', async () => {
      const run = await start();
      await healthy(run);
      const incident = (await declareOnShop(run, 'checkout pages time out')).id;
      const before = await versions();
      const id = await rollout(run, `shop 2.0.0 --bake ${BAKE} --previous ${before[0]}`);
      const blocked = await statusOf(run, id, ['blocked', 'awaiting-approval'], 60_000);
      expect(blocked.status).toBe('blocked');
      expect(blocked.reason).toContain(`open incident ${incident} touches shop`);
      expect(shown(await card(run, id, 'blocked'))).toContain(`open incident ${incident} touches shop`);
      expect(await run.warroom.runtime.ctx.approvals.book(id)).toEqual({ rounds: [] });
      expect(await versions()).toEqual(before);
    }, 120_000);

    it('an open incident whose plan rolls shop back to a version lets that rollout through (remediation) and blocks any other version; neither records a change', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'warroom-rollback-exempt-'));
      try {
        const runbooksPath = join(dir, 'runbooks.yaml');
        await writeFile(runbooksPath, `${await readFile(estate.runbooksPath, 'utf8')}${ROLLBACK_RUNBOOK}`);
        const run = await start({ WARROOM_RUNBOOKS: runbooksPath, WEBHOOK_TOKEN: E2E_WEBHOOK_TOKEN });
        await healthy(run);
        const { ctx } = run.warroom.runtime;
        const deploy = {
          service: 'shop',
          version: '2.1.0',
          previousVersion: '1.0.0',
          author: 'ci',
          at: new Date(Date.now() - 60_000).toISOString(),
        };
        expect((await postJson(run, '/webhooks/change', deploy)).status).toBe(202);
        const incident = await declareOnShop(
          run,
          'checkout pages fail after the deploy',
          'Awaiting_Approval',
        );
        expect(incident.recommendations.map((action) => action.description)).toEqual([
          expect.stringContaining('runbook rollback-shop step deploy-previous'),
        ]);

        const other = await rollout(run, `shop 2.0.0 --bake ${BAKE} --previous 2.1.0`);
        const blocked = await statusOf(run, other, ['blocked', 'awaiting-approval'], 60_000);
        expect(blocked.status).toBe('blocked');
        expect(blocked.reason).toContain(`open incident ${incident.id} touches shop`);

        const back = await rollout(run, `shop 1.0.0 --bake ${BAKE} --previous 2.1.0`);
        const passed = await statusOf(run, back, ['blocked', 'awaiting-approval'], 60_000);
        expect(passed.status, passed.reason).toBe('awaiting-approval');
        expect(await logSays(run, back, 'Pre-flight passed')).toContain(
          `${incident.id} is open on shop; its plan proposes this rollback`,
        );
        // Neither switched anything: the only change an incident may name is the deploy itself.
        const now = Date.now();
        expect((await ctx.changes.between(now - 600_000, now)).map((change) => change.source)).toEqual([
          'webhook',
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 180_000);

    it('a freeze window blocks a change with the reason; POST /api/changes takes CHANGE_API_TOKEN only, and bad input says what to send', async () => {
      const now = Date.now();
      const freeze = `${new Date(now - 3_600_000).toISOString().slice(0, 16)}Z/${new Date(now + 3_600_000).toISOString().slice(0, 16)}Z`;
      const run = await start({ FREEZE_WINDOWS: freeze });
      const api = (token: string, body: unknown) =>
        fetch(`${run.warroom.url}/api/changes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const asked = {
        service: 'shop',
        version: '2.0.0',
        previousVersion: '1.0.0',
        phases: [50, 100],
        bake: BAKE,
      };
      const readOnly = await api(READ_TOKEN, asked);
      expect(readOnly.status).toBe(403);
      expect(await readOnly.json()).toMatchObject({ error: 'forbidden' });
      expect((await api('wrong', asked)).status).toBe(401);
      const bad = await api(CHANGE_TOKEN, { ...asked, phases: [50, 25] });
      expect(bad.status).toBe(400);
      expect((await bad.json()) as { message: string }).toMatchObject({
        message: expect.stringContaining('phases must rise'),
      });
      const unknown = await api(CHANGE_TOKEN, { ...asked, service: 'nowhere' });
      expect(unknown.status).toBe(422);
      expect(await run.warroom.runtime.ctx.rollouts.recent(10)).toEqual([]);

      const accepted = await api(CHANGE_TOKEN, { ...asked, id: 'pipeline-run-42' });
      expect(accepted.status).toBe(202);
      const { id } = (await accepted.json()) as { id: string };
      expect(id).toMatch(/^CHG-\d{4}$/);
      const again = await api(CHANGE_TOKEN, { ...asked, id: 'pipeline-run-42' });
      expect(await again.json()).toMatchObject({ id, created: false });
      // No id of its own: the same rollout asked again within minutes is a retry (the bake in seconds too).
      const unnamed = { ...asked, version: '2.2.0' };
      const first = await api(CHANGE_TOKEN, unnamed);
      expect(first.status).toBe(202);
      const opened = (await first.json()) as { id: string; created: boolean };
      expect(opened).toMatchObject({ created: true });
      expect(opened.id).not.toBe(id);
      const retried = await api(CHANGE_TOKEN, { ...unnamed, bake: 4 });
      expect(retried.status).toBe(202);
      expect(await retried.json()).toMatchObject({ id: opened.id, created: false });
      const blocked: Rollout = await statusOf(run, id, ['blocked', 'awaiting-approval'], 60_000);
      expect(blocked.status).toBe('blocked');
      expect(blocked.reason).toContain(`freeze window ${freeze} is active (FREEZE_WINDOWS)`);
      expect(shown(await card(run, id, 'blocked'))).toContain('freeze window');
      expect(await change(run, LEAD, 'rollout shop 2.0.0 --phases 50,25,100')).toMatch(
        /^phases: phases must rise/,
      );
      expect(await change(run, LEAD, 'rollout nowhere 2.0.0')).toBe(
        '`nowhere` is not a service of the catalog. Nothing was started.',
      );
      expect(await change(run, STRANGER, 'rollout shop 2.0.0')).toBe(
        `Only approvers can roll out shop: <@${LEAD}>. Nothing was changed; ask one of them.`,
      );
      expect(await change(run, LEAD, 'list')).toContain(`\`${id}\` blocked`);
      expect((await run.warroom.runtime.ctx.rollouts.recent(10)).map((rollout) => rollout.id).sort()).toEqual(
        [id, opened.id].sort(),
      );
    }, 120_000);
  },
);
