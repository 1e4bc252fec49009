import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOOD_SYSTEM } from '../../../src/ingest/flood.js';
import { normalizeAlertmanager } from '../../../src/ingest/normalizers/alertmanager.js';
import { claimDecision } from '../../../src/pipeline/hitl/claim-decision.js';
import { createQueueSink } from '../../../src/pipeline/ingest/queue-sink.js';
import type { Runtime } from '../../../src/runtime.js';
import { injectFault } from '../../../src/sim/estate/index.js';
import { APPROVE } from '../../../src/slack/action-ids.js';
import { keySlot } from '../../../src/store/key-slot.js';
import { createMessageRecords } from '../../../src/store/message-records.js';
import { claimOnce } from '../../../src/store/once.js';
import { claimPostSlot, POST_PRIORITY } from '../../../src/store/post-slots.js';
import { onReplica } from '../../../src/store/redis.js';
import { createReplayCache } from '../../../src/store/replay-cache.js';
import { countUserRequest } from '../../../src/store/user-rate.js';
import { alertmanagerPayload } from '../../support/alertmanager-payloads.js';
import { click, hasButton, threadMessage } from '../../support/approval-flow.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { startE2E } from '../../support/e2e.js';
import { E2E_WEBHOOK_TOKEN, ingestDrained, postJson } from '../../support/e2e-alerts.js';
import { CHANNEL, ONCALL, injectFault as slashInject, waitForCard } from '../../support/incident-e2e.js';
import { type RedisClusterSet, startRedisCluster } from '../../support/redis-cluster.js';
import { redisToolMissing } from '../../support/redis-processes.js';
import { createRuntimeOn, waitFor, waitForStatus } from '../../support/test-runtime.js';

const missing = redisToolMissing('redis-cli');
const CLOSED = ['Resolved', 'Partially_Resolved', 'Needs_Followup'] as const;
const STORM_SERVICES = 300;
const STORM_LIMIT = 20;

describe.skipIf(skipForMissingTool(missing))('Warroom on a private 3-master Cluster with replicas', () => {
  let cluster: RedisClusterSet;
  let runtime: Runtime;

  beforeAll(async () => {
    requireTool(missing);
    cluster = await startRedisCluster();
    // One node is enough: the client discovers the others and follows MOVED.
    const clusterNodes = [{ host: '127.0.0.1', port: cluster.nodes[0]?.port ?? 0 }];
    runtime = createRuntimeOn({ clusterNodes, waitReplicaMs: 500 }, 'cluster', {
      settings: { correlationWindowSeconds: 300 },
    });
    runtime.startIncidentWorker({ concurrency: 8 });
    runtime.startIngestWorker();
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await cluster?.dispose();
  });

  it('takes an alert through ingest to an incident, an approval and Resolved, with keys on every master', async () => {
    const { ctx } = runtime;
    await ctx.estate.update((state) => injectFault(state, 'cache', 'crash', new Date()));
    const sink = createQueueSink(runtime.ingest, ctx.queues);
    const alert = { service: 'cache', alertname: 'CacheDown', startsAt: new Date() };
    for (let delivery = 0; delivery < 2; delivery++) {
      await sink.accept({
        source: 'alertmanager',
        alerts: normalizeAlertmanager(alertmanagerPayload([alert])),
        receivedAt: new Date().toISOString(),
      });
    }
    const [opened] = await waitFor(
      async () => {
        const recent = await ctx.tickets.listRecent(10);
        return recent.length > 0 ? recent : undefined;
      },
      { what: 'the alert to open an incident' },
    );
    if (!opened) throw new Error('no incident');
    const diagnosed = await waitForStatus(runtime, opened.id, ['Awaiting_Approval', ...CLOSED], 30_000);
    expect(diagnosed.status).toBe('Awaiting_Approval');
    // The redelivery joined the same incident: correlation state and counters work in their slot.
    expect(await runtime.ingest.tally(opened.id)).toMatchObject({ total: 1, firing: 1, deliveries: 2 });

    const decided = await claimDecision(ctx, opened.id, 1, {
      kind: 'approved',
      by: 'U0ONCALL',
      at: new Date().toISOString(),
    });
    expect(decided).toEqual({ kind: 'accepted' });
    // The decision waited for a replica on the master that took it (WAIT counts one connection's writes).
    const decidedOn = cluster.client(await cluster.nodeOf(runtime.keys.approvals(opened.id)));
    expect(String(await decidedOn.call('INFO', 'commandstats'))).toMatch(/cmdstat_wait:calls=[1-9]/);
    expect((await waitForStatus(runtime, opened.id, CLOSED, 30_000)).status).toBe('Resolved');
    expect((await ctx.timeline.read(opened.id)).some((entry) => entry.type === 'decision')).toBe(true);

    // More incidents: their keys spread over the masters (each incident's keys in one slot).
    const more = await Promise.all(
      ['INC-0002', 'INC-0003', 'INC-0004'].map(async () =>
        ctx.tickets.create({ ...diagnosed, id: await ctx.tickets.nextId(), status: 'Diagnosing' }),
      ),
    );
    expect(more).toEqual([true, true, true]);
    const ids = (await ctx.tickets.listRecent(10)).map((ticket) => ticket.id);
    expect(ids.sort()).toEqual(['INC-0001', 'INC-0002', 'INC-0003', 'INC-0004']);
    // Keys spread over all three masters, and each incident's keys hash to one slot.
    const perNode = await cluster.keysPerNode(`${runtime.keys.prefix}:*`);
    expect([...perNode.values()].every((count) => count > 0)).toBe(true);
    expect(new Set(await Promise.all(ids.map((id) => cluster.nodeOf(runtime.keys.ticket(id))))).size).toBe(3);
    for (const id of ids) {
      const own = [runtime.keys.ticket(id), runtime.keys.timeline(id), runtime.keys.slackMessages(id)];
      expect(new Set(await Promise.all(own.map((key) => cluster.nodeOf(key)))).size).toBe(1);
    }
  });

  it('runs every store script and transaction the pipeline above did not, each in one slot', async () => {
    const { ctx, keys, redis } = runtime;
    const id = 'INC-0001';
    // Slack posting slots: the channel's slot and its line of reservations in one script.
    const slot = { channel: 'C0CLUSTER', incidentId: id, intervalMs: 1000 };
    expect(await claimPostSlot(redis, keys, slot, 1_000_000)).toBe(0);
    expect(await claimPostSlot(redis, keys, { ...slot, incidentId: 'INC-0002' }, 1_000_000)).toBe(1000);
    // An approval takes that slot; the reservation it passed moves back one.
    const decision = { ...slot, incidentId: 'INC-0003', priority: POST_PRIORITY.decision };
    expect(await claimPostSlot(redis, keys, decision, 1_000_000)).toBe(1000);
    expect(await claimPostSlot(redis, keys, { ...slot, incidentId: 'INC-0002' }, 1_000_000)).toBe(2000);
    // The outbox's message records: a transaction on the incident's hash.
    const records = createMessageRecords(redis, keys);
    await records.markPending(id, 'root');
    await records.put(id, 'root', {
      ts: '1.2',
      channel: 'C0CLUSTER',
      digest: 'd',
      revision: 1,
      updatedAtMs: 1,
    });
    await records.indexRoot('C0CLUSTER', '1.2', id);
    expect((await records.all(id)).pending.size).toBe(0);
    expect(await records.incidentForRoot('C0CLUSTER', '1.2')).toBe(id);
    // Step records: start, then the outcome only once.
    const ref = { incidentId: id, round: 1, stepId: 'restart' };
    const start = {
      executor: 'sim',
      renderedMasked: 'restart cache',
      approvedBy: ['U0ONCALL'],
      startedAt: 1,
    };
    expect(await ctx.stepRecords.recordStart(ref, start)).toBe(true);
    expect(
      await ctx.stepRecords.recordOutcome(ref, { outcome: 'ok', source: 'executor', finishedAt: 2 }),
    ).toBe(true);
    expect(
      await ctx.stepRecords.recordOutcome(ref, { outcome: 'failed', source: 'check', finishedAt: 3 }),
    ).toBe(false);
    // Rehearsal switch, idempotency, replay and per-user rate keys.
    const seq = await ctx.chaos.start('C0CLUSTER', 'U0ONCALL', new Date());
    expect(await ctx.chaos.advance(seq)).toBe(true);
    await ctx.chaos.stop('U0ONCALL', new Date(), 'done');
    expect(await claimOnce(redis, keys, 'click', 'a')).toBe(true);
    expect(await claimOnce(redis, keys, 'click', 'a')).toBe(false);
    const replays = createReplayCache(redis, keys);
    expect(await replays.firstSighting('slack', 'sig', 60)).toBe(true);
    expect(await replays.firstSighting('slack', 'sig', 60)).toBe(false);
    const rate = { limit: 1, windowSeconds: 60 };
    expect(await countUserRequest(redis, keys, 'inject', 'U0ONCALL', rate)).toEqual({ allowed: true });
    expect((await countUserRequest(redis, keys, 'inject', 'U0ONCALL', rate)).allowed).toBe(false);
    // Retention: keep (reopen), expiry of every key, retire and evict from the global indexes.
    await ctx.retention.store.keep(id);
    await ctx.retention.store.expireAt(id, Date.now() + 60_000);
    expect(await redis.pttl(keys.ticket(id))).toBeGreaterThan(0);
    await ctx.retention.store.retire('INC-0002', Date.now());
    await ctx.retention.store.evict(id);
    expect(await records.incidentForRoot('C0CLUSTER', '1.2')).toBeUndefined();
    expect((await ctx.tickets.listRecent(10)).map((ticket) => ticket.id)).not.toContain(id);
  });

  it('waits for a replica on the master that took the write (WAIT answers for one connection)', async () => {
    const { redis } = runtime;
    const waits = async (port: number) =>
      Number(
        /cmdstat_wait:calls=(\d+)/.exec(
          String(await cluster.client(port).call('INFO', 'commandstats')),
        )?.[1] ?? 0,
      );
    const covered = new Set<number>();
    for (let index = 0; covered.size < 3; index++) {
      const key = `${runtime.keys.prefix}:wait-probe:{${index}}`;
      const port = await cluster.nodeOf(key);
      if (covered.has(port)) continue;
      covered.add(port);
      expect(keySlot(key)).toBe(Number(await cluster.client(port).call('CLUSTER', 'KEYSLOT', key)));
      const before = await waits(port);
      await redis.set(key, String(index));
      expect(await onReplica(redis, key)).toBe(1);
      expect(await waits(port)).toBeGreaterThan(before);
      // The replica has it already (READONLY: a replica serves reads instead of redirecting them).
      const replica = cluster.client(cluster.replicaOf(port).port);
      await replica.call('READONLY');
      expect(await replica.call('GET', key)).toBe(String(index));
    }
  });

  it('takes an alert storm: new groups past the limit fold into one flood incident, every alert counted', async () => {
    const port = cluster.nodes[2]?.port ?? 0;
    const e2e = await startE2E({
      env: {
        REDIS_CLUSTER_NODES: `127.0.0.1:${port}`,
        WEBHOOK_TOKEN: E2E_WEBHOOK_TOKEN,
        SLACK_INCIDENT_CHANNEL: CHANNEL,
        INGEST_NEW_INCIDENTS_PER_MINUTE: String(STORM_LIMIT),
      },
    });
    try {
      const storm = {
        alerts: Array.from({ length: STORM_SERVICES }, (_, index) => ({
          system: `svc-${String(index).padStart(3, '0')}`,
          issue: 'error rate above 5%',
          severity: 'warning',
        })),
      };
      expect(await postJson(e2e, '/webhooks/generic', storm)).toEqual({
        status: 202,
        body: { ok: true, accepted: STORM_SERVICES },
      });
      await ingestDrained(e2e);
      const { runtime: web } = e2e.warroom;
      const tickets = await web.ctx.tickets.listRecent(1000);
      expect(tickets).toHaveLength(STORM_LIMIT + 1);
      const flood = tickets.find((ticket) => ticket.system === FLOOD_SYSTEM);
      const folded = STORM_SERVICES - STORM_LIMIT;
      expect(await web.ingest.tally(flood?.id ?? '')).toMatchObject({ total: folded, firing: folded });
    } finally {
      await e2e.close();
    }
  });

  it('serves Slack end to end: /readyz, /inject, the approval in the thread, Approve, the card Resolved', async () => {
    const port = cluster.nodes[1]?.port ?? 0;
    const e2e = await startE2E({ env: { REDIS_CLUSTER_NODES: `127.0.0.1:${port}` } });
    try {
      expect((await fetch(`${e2e.warroom.url}/readyz`)).status).toBe(200);
      await slashInject(e2e, 'crash api');
      const { message } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (current) =>
        hasButton(current, APPROVE),
      );
      expect((await click(e2e, ONCALL, CHANNEL, message, APPROVE)).status).toBe(200);
      await waitForCard(e2e, 'INC-0001', 'Resolved');
    } finally {
      await e2e.close();
    }
  });

  // Last: it leaves a slot without its master.
  it('answers /readyz 503 once any slot has no master, even where the others still work, and shuts down', async () => {
    const e2e = await startE2E({
      env: { REDIS_CLUSTER_NODES: `127.0.0.1:${cluster.nodes[0]?.port ?? 0}` },
    });
    try {
      expect((await fetch(`${e2e.warroom.url}/readyz`)).status).toBe(200);
      // Slots whose master is gone fail alone; the others keep working.
      await Promise.all(
        cluster.nodes.map((node) =>
          cluster.client(node.port).call('CONFIG', 'SET', 'cluster-require-full-coverage', 'no'),
        ),
      );
      const queueProbe = e2e.warroom.runtime.keys.readinessProbes[0] ?? '';
      const queueMaster = await cluster.nodeOf(queueProbe);
      const victim = cluster.masters().find((port) => port !== queueMaster) ?? 0;
      // The master and its replica: no failover can cover its slots.
      const dead = [cluster.replicaOf(victim), cluster.nodes.find((node) => node.port === victim)];
      await Promise.all(dead.map((node) => node?.kill()));
      const ready = await fetch(`${e2e.warroom.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ok: false, redis: false });
      // Not the queues' slot, which still serves.
      expect(await e2e.warroom.runtime.redis.set(queueProbe, '1')).toBe('OK');
    } finally {
      // Workers, queues and connections close although a master is gone (this used to hang).
      await e2e.close();
    }
  });
});
