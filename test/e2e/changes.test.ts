import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerPayload } from '../support/alertmanager-payloads.js';
import { threadMessage } from '../support/approval-flow.js';
import { type AutomationServer, startAutomationServer } from '../support/automation-server.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { E2E_WEBHOOK_TOKEN, ingestDrained, postJson } from '../support/e2e-alerts.js';
import { CHANNEL, cardOf } from '../support/incident-e2e.js';
import { waitFor, waitForStatus } from '../support/test-runtime.js';

const DEPLOY = {
  service: 'payments',
  version: '2.5.0',
  previousVersion: '2.4.9',
  author: 'ci',
  url: 'https://ci.example/run/42',
};

let directory: string;
let automation: AutomationServer;

beforeAll(async () => {
  automation = await startAutomationServer();
  directory = mkdtempSync(join(tmpdir(), 'warroom-changes-'));
  writeFileSync(
    join(directory, 'catalog.yaml'),
    `services:
  - name: checkout
    owner: { team: shop, slack: U0SHOP }
    tier: 1
    dependsOn: [payments]
  - name: payments
    owner: { team: payments, slack: U0PAY }
    tier: 1
    executor: deploy-hook
    approvers: [U0PAY]
executors:
  - name: deploy-hook
    kind: http
    baseUrl: ${automation.url}
    auth: { type: bearer }
    credentials: { token: { env: DEPLOY_TOKEN } }
`,
  );
  writeFileSync(
    join(directory, 'rollback-payments.yaml'),
    `id: rollback-payments
title: Roll payments back to the version before its last deploy
matches: { services: [payments] }
params:
  version: { type: string, from: previousVersion, pattern: "^[0-9]+[.][0-9]+[.][0-9]+$" }
steps:
  - id: deploy-previous
    title: Deploy the previous version of payments
    executor: deploy-hook
    action: { kind: http, method: POST, path: /deploy/payments, body: { version: "{{version}}" } }
    risk: medium
`,
  );
});

afterAll(async () => {
  await automation.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('changes as evidence, through the real app', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  async function start(env: Record<string, string> = {}): Promise<E2E> {
    return startE2E({
      env: {
        WEBHOOK_TOKEN: E2E_WEBHOOK_TOKEN,
        SLACK_INCIDENT_CHANNEL: CHANNEL,
        WARROOM_CATALOG: join(directory, 'catalog.yaml'),
        WARROOM_RUNBOOKS: join(directory, 'rollback-payments.yaml'),
        ...env,
      },
      emulator: { postBurst: 1000 },
      overrides: {
        credentialEnv: { DEPLOY_TOKEN: 'deploy-token' },
        outbox: { postIntervalMs: 20, updateIntervalMs: 50 },
      },
    });
  }

  it('POST /webhooks/change: 202 for a deploy, 400 with the reason for a bad one, 401 without the token', async () => {
    e2e = await start();
    const accepted = await postJson(e2e, '/webhooks/change', DEPLOY);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ ok: true, service: 'payments', recorded: true });
    // A pipeline retrying the same delivery records it once.
    expect((await postJson(e2e, '/webhooks/change', DEPLOY)).body).toMatchObject({ recorded: false });

    const missing = await postJson(e2e, '/webhooks/change', { service: 'payments' });
    expect(missing).toEqual({
      status: 400,
      body: {
        ok: false,
        error: 'invalid_change',
        message: expect.stringMatching(
          /^not a change: version: .*Send at least \{"service": "api", "version": "3.1.4"\}\.$/,
        ),
      },
    });
    const badLink = await postJson(e2e, '/webhooks/change', { ...DEPLOY, url: 'javascript:alert(1)' });
    expect(badLink.status).toBe(400);
    expect((badLink.body as { message: string }).message).toMatch(/url: /);
    const notJson = await fetch(`${e2e.warroom.url}/webhooks/change`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${E2E_WEBHOOK_TOKEN}` },
      body: '{"service": ',
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: 'invalid_json' });
    expect((await postJson(e2e, '/webhooks/change', DEPLOY, 'wrong-token')).status).toBe(401);

    const { ctx } = e2e.warroom.runtime;
    const recorded = await ctx.changes.between(0, Date.now() + 1000);
    expect(recorded).toEqual([expect.objectContaining({ ...DEPLOY, source: 'webhook' })]);
    // Quietly: a change has no card of its own.
    expect(e2e.emulator.messages(CHANNEL)).toEqual([]);
  });

  it('an incident on the changed service names the deploy on its card and in the RCA, and plans its rollback', async () => {
    e2e = await start();
    const deployedAt = new Date(Date.now() - 3 * 60_000);
    expect(
      (await postJson(e2e, '/webhooks/change', { ...DEPLOY, at: deployedAt.toISOString() })).status,
    ).toBe(202);
    const alert = alertmanagerPayload([
      { service: 'payments', alertname: 'PaymentsErrorRate', severity: 'critical', startsAt: new Date() },
    ]);
    expect((await postJson(e2e, '/webhooks/alertmanager', alert)).status).toBe(202);
    await ingestDrained(e2e);

    const { runtime } = e2e.warroom;
    const ticket = await waitForStatus(runtime, 'INC-0001', ['Awaiting_Approval']);
    expect(ticket.changes).toEqual([expect.objectContaining({ service: 'payments', version: '2.5.0' })]);
    expect(ticket.rca?.evidence[0]).toBe(
      'change: payments 2.5.0 rolled out 3 min before (from 2.4.9, by ci)',
    );
    expect(ticket.recommendations.map((action) => action.description)).toEqual([
      expect.stringContaining('runbook rollback-payments step deploy-previous, executor deploy-hook'),
    ]);

    const card = await waitFor(
      () => {
        const found = cardOf(e2e as E2E, 'INC-0001');
        return found && JSON.stringify(found.blocks).includes('Recent change') ? found : undefined;
      },
      { what: 'the card with the recent change' },
    );
    expect(JSON.stringify(card.blocks)).toContain(
      'payments 2.5.0 rolled out 3 min before (from 2.4.9, by ci) · <https://ci.example/run/42|pipeline run>',
    );
    const rca = await threadMessage(e2e, CHANNEL, 'INC-0001', 'rca');
    expect(JSON.stringify(rca.message.blocks)).toContain('payments 2.5.0 rolled out 3 min before');
    const approval = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1');
    expect(JSON.stringify(approval.message.blocks)).toContain('rolling back payments 2.5.0 to 2.4.9');
    // Proposed, not run: nothing reached the deploy hook before a person approves.
    expect(automation.received).toEqual([]);
  });

  it('an incident on a service that depends on the changed one names it; one outside the window does not', async () => {
    e2e = await start({ CHANGE_WINDOW_SECONDS: '600' });
    const { ctx } = e2e.warroom.runtime;
    await postJson(e2e, '/webhooks/change', {
      ...DEPLOY,
      at: new Date(Date.now() - 5 * 60_000).toISOString(),
    });
    await postJson(e2e, '/webhooks/change', {
      ...DEPLOY,
      version: '2.4.9',
      previousVersion: '2.4.8',
      at: new Date(Date.now() - 20 * 60_000).toISOString(),
    });
    const reply = await e2e.driver.slashCommand({
      command: '/incident',
      text: 'declare checkout orders failing sev2',
      userId: 'U0ONCALL',
      channelId: CHANNEL,
    });
    expect(reply.status).toBe(200);
    const ticket = await waitFor(async () => (await ctx.tickets.listRecent(5))[0], {
      what: 'the declared incident',
    });
    expect(ticket.system).toBe('checkout');
    expect(ticket.changes?.map((change) => change.version)).toEqual(['2.5.0']);
  });
});
