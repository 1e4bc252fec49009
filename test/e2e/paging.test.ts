import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reasoner } from '../../src/agents/reasoner.js';
import { createRuleReasoner } from '../../src/agents/rule-reasoner.js';
import { createLogger } from '../../src/log.js';
import { injectFault as injectIntoEstate } from '../../src/sim/estate/index.js';
import { APPROVE } from '../../src/slack/action-ids.js';
import { alertmanagerPayload } from '../support/alertmanager-payloads.js';
import { click, hasButton, threadMessage } from '../support/approval-flow.js';
import {
  type AutomationServer,
  type ReceivedRequest,
  startAutomationServer,
} from '../support/automation-server.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { E2E_WEBHOOK_TOKEN, ingestDrained, postJson } from '../support/e2e-alerts.js';
import { CHANNEL, cardOf, injectFault, ONCALL } from '../support/incident-e2e.js';
import { testRedisUrl, waitFor, waitForStatus } from '../support/test-runtime.js';

const ROUTING_KEY = 'R0UTINGKEYe2e0000000000000000000';

/** The rule reasoner with its root-cause confidence pinned: 30 escalates, 70 asks for approval. */
function confidenceReasoner(confidence: number): Reasoner {
  const rules = createRuleReasoner();
  return {
    ...rules,
    name: `rules-confidence-${confidence}`,
    async rca(input) {
      const result = await rules.rca(input);
      return { ...result, output: { ...result.output, confidence } };
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Answers as PagerDuty's Events API v2 does: 202 with status, message and dedup key; 429 first when asked. */
async function startPagerDuty(throttleFirst: boolean): Promise<AutomationServer> {
  const server = await startAutomationServer();
  let calls = 0;
  server.on('/v2/enqueue', (request, response) => {
    calls += 1;
    if (throttleFirst && calls === 1) {
      return json(response, 429, {
        status: 'throttle event',
        message: 'Requests for this service are arriving too quickly.  Please retry later.',
      });
    }
    const body = JSON.parse(request.body) as { dedup_key: string };
    json(response, 202, { status: 'success', message: 'Event processed', dedup_key: body.dedup_key });
  });
  server.on('/page', (_request, response) => json(response, 200, { ok: true }));
  return server;
}

const bodyOf = (request: ReceivedRequest | undefined) => JSON.parse(request?.body ?? '{}');

/** Every value stored under the prefix (hashes, strings, lists, sets, streams), as text. */
async function storedText(prefix: string): Promise<string> {
  const redis = new Redis(testRedisUrl());
  try {
    const keys = await redis.keys(`${prefix}:*`);
    const parts = await Promise.all(
      keys.map(async (key) => {
        const type = await redis.type(key);
        if (type === 'hash') return JSON.stringify(await redis.hgetall(key));
        if (type === 'string') return (await redis.get(key)) ?? '';
        if (type === 'list') return JSON.stringify(await redis.lrange(key, 0, -1));
        if (type === 'zset') return JSON.stringify(await redis.zrange(key, 0, -1));
        if (type === 'set') return JSON.stringify(await redis.smembers(key));
        if (type === 'stream') return JSON.stringify(await redis.xrange(key, '-', '+'));
        return '';
      }),
    );
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}

describe('paging when nobody answers, through the real app', () => {
  let e2e: E2E | undefined;
  let server: AutomationServer | undefined;
  afterEach(async () => {
    await e2e?.close();
    await server?.close();
    e2e = undefined;
    server = undefined;
  });

  async function start(confidence: number, env: Record<string, string>, logs?: string[]): Promise<E2E> {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs?.push(String(chunk));
        done();
      },
    });
    return startE2E({
      env: { WEBHOOK_TOKEN: E2E_WEBHOOK_TOKEN, SLACK_INCIDENT_CHANNEL: CHANNEL, ...env },
      emulator: { postBurst: 1000 },
      overrides: {
        ...(logs ? { logger: createLogger({ level: 'info' }, destination) } : {}),
        runtime: { reasoner: confidenceReasoner(confidence) },
        outbox: { postIntervalMs: 20, updateIntervalMs: 50 },
      },
    });
  }

  async function alertOn(app: E2E, service: string, alertname: string, severity: string) {
    await app.warroom.runtime.ctx.estate.update((state) =>
      injectIntoEstate(state, service, 'crash', new Date()),
    );
    const payload = alertmanagerPayload([{ service, alertname, severity, startsAt: new Date() }]);
    expect((await postJson(app, '/webhooks/alertmanager', payload)).status).toBe(202);
    await ingestDrained(app);
  }

  async function approve(app: E2E, incidentId: string) {
    const { message } = await threadMessage(app, CHANNEL, incidentId, 'approval:r1', (found) =>
      hasButton(found, APPROVE),
    );
    expect((await click(app, ONCALL, CHANNEL, message, APPROVE)).status).toBe(200);
  }

  it('pages an escalated incident through PagerDuty (a 429 retried) and the webhook, then resolves both at close', async () => {
    server = await startPagerDuty(true);
    e2e = await start(30, {
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: server.url,
      PAGE_WEBHOOK_URL: `${server.url}/page`,
      PAGE_AFTER_SECONDS: '600',
    });
    await alertOn(e2e, 'api', 'ApiDown', 'warning');
    await waitForStatus(e2e.warroom.runtime, 'INC-0001', ['Awaiting_Approval']);
    await server.receivedCount(3);
    const card = cardOf(e2e, 'INC-0001');
    const link = `https://slack.com/archives/${card?.channel}/p${card?.ts.replace('.', '')}`;
    const [throttled, trigger, hook] = server.received;
    expect([throttled?.url, trigger?.url, hook?.url]).toEqual(['/v2/enqueue', '/v2/enqueue', '/page']);
    expect(bodyOf(throttled)).toEqual(bodyOf(trigger));
    expect(bodyOf(trigger)).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'warroom-INC-0001',
      payload: {
        summary: 'INC-0001 · sev2 · api: ApiDown',
        source: 'api',
        severity: 'error',
        component: 'api',
        group: expect.any(String),
        class: 'low_confidence',
        custom_details: {
          incident: 'INC-0001',
          why: 'the crew is not confident of the cause (confidence under 50)',
          owner: expect.any(String),
        },
      },
      client: 'Warroom',
      client_url: link,
      links: [{ href: link, text: 'INC-0001 in Slack' }],
    });
    expect(bodyOf(hook)).toMatchObject({
      status: 'firing',
      action: 'trigger',
      dedupKey: 'warroom-INC-0001',
      incident: 'INC-0001',
      reason: 'low_confidence',
      link,
    });

    await waitFor(
      () =>
        JSON.stringify(cardOf(e2e as E2E, 'INC-0001')?.blocks).includes(
          '📟 Owner paged (PagerDuty, paging webhook)',
        )
          ? true
          : undefined,
      { what: 'the card to say the owner was paged' },
    );

    await approve(e2e, 'INC-0001');
    await waitForStatus(e2e.warroom.runtime, 'INC-0001', ['Resolved'], 30_000);
    await server.receivedCount(5);
    const [resolve, hookResolve] = server.received.slice(3);
    expect(resolve?.url).toBe('/v2/enqueue');
    expect(bodyOf(resolve)).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: 'warroom-INC-0001',
    });
    expect(bodyOf(hookResolve)).toMatchObject({
      status: 'resolved',
      action: 'resolve',
      dedupKey: 'warroom-INC-0001',
    });
    const pageEvents = async () =>
      (await (e2e as E2E).warroom.runtime.ctx.timeline.read('INC-0001'))
        .filter((entry) => entry.type.startsWith('page.'))
        .map((entry) => entry.type);
    await waitFor(async () => ((await pageEvents()).length === 2 ? true : undefined), {
      what: 'the page and its resolve in the timeline',
    });
    expect(await pageEvents()).toEqual(['page.sent', 'page.resolved']);
    // The routing key reached PagerDuty and nothing else: no job, no record in Redis holds it.
    expect(await storedText(e2e.prefix)).not.toContain(ROUTING_KEY);
    expect(server.received).toHaveLength(5);
  });

  it('pages a sev1 only when nobody decides within PAGE_AFTER_SECONDS', async () => {
    server = await startPagerDuty(false);
    e2e = await start(70, {
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: server.url,
      PAGE_AFTER_SECONDS: '3',
    });
    const { runtime } = e2e.warroom;
    const incidentQueue = runtime.ctx.queues.queue('incident');

    // Someone decides in time: the page job runs when due and pages nobody.
    await alertOn(e2e, 'api', 'ApiDown', 'critical');
    await waitForStatus(runtime, 'INC-0001', ['Awaiting_Approval']);
    await approve(e2e, 'INC-0001');
    await waitForStatus(runtime, 'INC-0001', ['Resolved'], 30_000);
    await waitFor(
      async () => ((await incidentQueue.getJobState('INC-0001-page-r1')) === 'completed' ? true : undefined),
      {
        what: "the first incident's page job to come due",
      },
    );
    expect(server.received).toEqual([]);

    // Nobody decides: the owner is paged once the wait is over.
    await alertOn(e2e, 'api', 'ApiStillDown', 'critical');
    const waiting = await waitForStatus(runtime, 'INC-0002', ['Awaiting_Approval']);
    await server.receivedCount(1);
    const trigger = bodyOf(server.received[0]);
    expect(trigger).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'warroom-INC-0002',
      payload: { severity: 'critical', class: 'sev1_waiting' },
    });
    const paged = await waitFor(
      async () => (await runtime.ctx.timeline.read('INC-0002')).find((entry) => entry.type === 'page.sent'),
      { what: 'the page in the timeline' },
    );
    const approvalAt =
      (await runtime.ctx.approvals.book('INC-0002')).rounds[0]?.openedAt ?? waiting.updatedAt;
    expect(Date.parse(paged?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(approvalAt) + 3000);
  });

  it('never pages for a simulated incident', async () => {
    server = await startPagerDuty(false);
    e2e = await start(30, {
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: server.url,
      PAGE_WEBHOOK_URL: `${server.url}/page`,
    });
    await injectFault(e2e, 'crash api');
    const ticket = await waitForStatus(e2e.warroom.runtime, 'INC-0001', ['Awaiting_Approval']);
    expect(ticket.source).toBe('inject');
    const book = await e2e.warroom.runtime.ctx.approvals.book('INC-0001');
    expect(book.rounds[0]?.route).toBe('escalate');
    expect(await e2e.warroom.runtime.ctx.queues.queue('incident').getJob('INC-0001-page-r1')).toBeUndefined();
    expect(server.received).toEqual([]);
  });

  it('a page PagerDuty refuses (a bad routing key) fails once, is logged without the key, and leaves the incident alone', async () => {
    server = await startAutomationServer();
    server.on('/v2/enqueue', (_request, response) =>
      json(response, 400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['Invalid routing key'],
      }),
    );
    const logs: string[] = [];
    e2e = await start(30, { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: server.url }, logs);
    await alertOn(e2e, 'api', 'ApiDown', 'warning');
    const queue = e2e.warroom.runtime.ctx.queues.queue('incident');
    await waitFor(
      async () => ((await queue.getJobState('INC-0001-page-r1')) === 'failed' ? true : undefined),
      {
        what: 'the refused page to fail for good',
      },
    );
    // A 400 is not retried: one request.
    expect(server.received).toHaveLength(1);
    expect(bodyOf(server.received[0])).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger' });
    const failure = await waitFor(() => logs.find((line) => line.includes('job failed for good')), {
      what: "the page's failure in the log",
    });
    expect(failure).toContain('pagerduty page: HTTP 400');
    expect(logs.join('\n')).not.toContain(ROUTING_KEY);
    const ticket = await e2e.warroom.runtime.ctx.tickets.get('INC-0001');
    expect(ticket?.status).toBe('Awaiting_Approval');
  });
});
