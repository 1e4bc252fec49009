/**
 * Deploy events that arrive on the alert webhooks (a pipeline's deploy notice on /webhooks/generic,
 * a PagerDuty change event on /webhooks/pagerduty), from real published payloads, through the real
 * app: recorded as changes, no incident of their own, and an alert on the service a few minutes
 * later opens an incident whose RCA evidence names the deploy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeFixture } from '../support/alert-fixtures.js';
import { alertmanagerPayload } from '../support/alertmanager-payloads.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { E2E_WEBHOOK_TOKEN, ingestDrained, postJson } from '../support/e2e-alerts.js';
import { CHANNEL, cardOf } from '../support/incident-e2e.js';
import { waitFor } from '../support/test-runtime.js';

/** The generic fixture's own timestamp: the app's clock is set three minutes after it. */
const DEPLOYED_AT = Date.parse('2025-10-12T14:30:00Z');
const THREE_MINUTES = 3 * 60_000;

let directory: string;
let e2e: E2E;
const ctx = () => e2e.warroom.runtime.ctx;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'warroom-deploy-events-'));
  writeFileSync(
    join(directory, 'catalog.yaml'),
    `services:
  - name: web-api
    owner: { team: web, slack: U0WEB }
    tier: 1
  - name: build-agent
    aliases: [acme-build-pipeline-tool-default-i-9999]
    owner: { team: ci, slack: U0CI }
    tier: 3
`,
  );
  const offsetMs = DEPLOYED_AT + THREE_MINUTES - Date.now();
  e2e = await startE2E({
    env: {
      WEBHOOK_TOKEN: E2E_WEBHOOK_TOKEN,
      SLACK_INCIDENT_CHANNEL: CHANNEL,
      WARROOM_CATALOG: join(directory, 'catalog.yaml'),
    },
    overrides: { runtime: { now: () => new Date(Date.now() + offsetMs) } },
  });
});

afterAll(async () => {
  await e2e?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('deploy events on the alert webhooks, through the real app (emulator, Redis, workers)', () => {
  it('records a deploy notice on /webhooks/generic as a change: 202, no incident, recorded once', async () => {
    const deploy = changeFixture('generic-deployment-event.json');
    const first = await postJson(e2e, '/webhooks/generic', deploy);
    expect(first).toEqual({
      status: 202,
      body: {
        ok: true,
        accepted: 0,
        change: {
          id: 'generic|web-api|v2.1.0|2025-10-12T14:30:00.000Z',
          service: 'web-api',
          version: 'v2.1.0',
          recorded: true,
        },
      },
    });
    expect((await postJson(e2e, '/webhooks/generic', deploy)).body).toMatchObject({
      change: { recorded: false },
    });
    const now = ctx().now().getTime();
    expect(await ctx().changes.between(now - 3600_000, now)).toEqual([
      expect.objectContaining({ service: 'web-api', version: 'v2.1.0', author: 'john.doe', source: 'alert' }),
    ]);
    await ingestDrained(e2e);
    expect(await ctx().tickets.listRecent(10)).toEqual([]);
  });

  it("records PagerDuty's change event under the catalog service its source is an alias of", async () => {
    const response = await postJson(
      e2e,
      '/webhooks/pagerduty',
      changeFixture('pagerduty-events-v2-change-event.json'),
    );
    expect(response).toMatchObject({
      status: 202,
      body: { accepted: 0, change: { service: 'build-agent', version: 'build 2', recorded: true } },
    });
    expect(await ctx().tickets.listRecent(10)).toEqual([]);
  });

  it('an alert on web-api three minutes after its deploy opens an incident whose RCA evidence names it', async () => {
    const alert = alertmanagerPayload([
      { service: 'web-api', alertname: 'WebApiErrorRate', severity: 'critical', startsAt: ctx().now() },
    ]);
    expect((await postJson(e2e, '/webhooks/alertmanager', alert)).status).toBe(202);
    await ingestDrained(e2e);
    const ticket = await waitFor(
      async () => {
        const [found] = await ctx().tickets.listRecent(10);
        return found?.rca ? found : undefined;
      },
      { what: "the incident's root cause", timeoutMs: 30_000 },
    );
    expect(ticket.system).toBe('web-api');
    expect(ticket.changes).toEqual([
      expect.objectContaining({ service: 'web-api', version: 'v2.1.0', source: 'alert' }),
    ]);
    expect(ticket.rca?.evidence[0]).toBe('change: web-api v2.1.0 rolled out 3 min before (by john.doe)');
    const card = await waitFor(
      () => {
        const found = cardOf(e2e, ticket.id);
        return found && JSON.stringify(found.blocks).includes('Recent change') ? found : undefined;
      },
      { what: 'the card with the recent change' },
    );
    expect(JSON.stringify(card.blocks)).toContain('web-api v2.1.0 rolled out 3 min before (by john.doe)');
  });
});
