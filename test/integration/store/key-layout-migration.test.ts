import { Queue } from 'bullmq';
import { Redis as IORedis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { injectAndOpen } from '../../../src/pipeline/inject.js';
import { QUEUE_NAMES } from '../../../src/pipeline/job-catalog.js';
import type { Runtime } from '../../../src/runtime.js';
import { toOldLayout } from '../../../src/store/key-layout.js';
import {
  CURRENT_KEY_LAYOUT,
  migrateKeyLayout,
  oldQueuePrefix,
} from '../../../src/store/key-layout-migration.js';
import { createKeys } from '../../../src/store/keys.js';
import { createMessageRecords } from '../../../src/store/message-records.js';
import { type E2E, startE2E } from '../../support/e2e.js';
import {
  createTestRuntime,
  deleteKeysWithPrefix,
  testRedisUrl,
  uniquePrefix,
  waitForStatus,
} from '../../support/test-runtime.js';

const queueNames = Object.values(QUEUE_NAMES);
const redisUrl = testRedisUrl();
const prefixes: string[] = [];
const connections: IORedis[] = [];

function connection(): IORedis {
  const redis = new IORedis(redisUrl);
  connections.push(redis);
  return redis;
}

/** Every key under `prefix`; `domain` leaves out today's BullMQ keys, which workers change by themselves. */
async function keysUnder(prefix: string, only: 'all' | 'domain' = 'all'): Promise<string[]> {
  const redis = connection();
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  const queues = `${createKeys(prefix).queuePrefix}:`;
  return found.filter((key) => only === 'all' || !key.startsWith(queues)).sort();
}

/** What the stores read back for the incident: the proof that nothing was lost. */
async function snapshot(runtime: Runtime, id: string) {
  const { ctx } = runtime;
  const messages = await createMessageRecords(runtime.redis, runtime.keys).all(id);
  return {
    ticket: await ctx.tickets.get(id),
    approvals: await ctx.approvals.book(id),
    timeline: await ctx.timeline.read(id),
    messages: [...messages.records.entries()],
    root: await createMessageRecords(runtime.redis, runtime.keys).incidentForRoot(
      'C0OLD',
      '1700000000.000100',
    ),
    learning: await ctx.learning.all(),
    open: (await ctx.tickets.listOpenHeads()).map((head) => head.id),
  };
}

/**
 * A Redis as a version before hash tags left it: the real stores write an incident waiting for
 * approval (timeline, approval round, Slack message records, learning stats, the sequence at 7),
 * then every key is renamed to its untagged name; today's queues go (the old ones lived elsewhere).
 */
async function oldLayoutRedis(label: string) {
  const prefix = uniquePrefix(label);
  prefixes.push(prefix);
  const runtime = createTestRuntime({ prefix });
  runtime.startIncidentWorker({ concurrency: 4 });
  const { ctx } = runtime;
  const opened = await injectAndOpen(ctx, { fault: 'crash', service: 'api', channel: 'C0OLD' });
  await waitForStatus(runtime, opened.id, ['Awaiting_Approval'], 30_000);
  const records = createMessageRecords(runtime.redis, runtime.keys);
  await records.put(opened.id, 'root', {
    ts: '1700000000.000100',
    channel: 'C0OLD',
    digest: 'd1',
    revision: 3,
    updatedAtMs: 1_700_000_000_000,
  });
  await records.indexRoot('C0OLD', '1700000000.000100', opened.id);
  await ctx.learning.recordDecision('crash@api', ['restart'], 'approve');
  await runtime.redis.set(runtime.keys.incidentSequence, '7');
  const before = await snapshot(runtime, opened.id);
  await runtime.close();

  const redis = connection();
  const toOld = toOldLayout(prefix);
  for (const key of await keysUnder(prefix)) {
    if (key.startsWith(`${runtime.keys.queuePrefix}:`)) await redis.del(key);
    else {
      const old = toOld(key);
      if (old) await redis.rename(key, old.to);
    }
  }
  return { prefix, id: opened.id, before };
}

afterAll(async () => {
  for (const redis of connections) redis.disconnect();
  for (const prefix of prefixes) await deleteKeysWithPrefix(redisUrl, prefix);
});

describe('key-layout migration at start (a Redis written before hash tags)', () => {
  let e2e: E2E | undefined;
  afterAll(async () => {
    await e2e?.close();
  });

  it('keeps the waiting incident, its approval, messages, learning and sequence; a second start is a no-op', async () => {
    const { prefix, id, before } = await oldLayoutRedis('layout');
    const old = await keysUnder(prefix);
    expect(old).toContain(`${prefix}:incident:${id}:approvals`);
    expect(old).toContain(`${prefix}:seq:incident`);
    expect(old.some((key) => key.includes('{'))).toBe(false);

    e2e = await startE2E({ env: { REDIS_PREFIX: prefix } });
    const { runtime } = e2e.warroom;
    expect(await snapshot(runtime, id)).toEqual(before);
    expect((await runtime.ctx.approvals.book(id)).rounds[0]?.state).toBe('pending');
    expect(await runtime.redis.get(runtime.keys.keyLayout)).toBe(CURRENT_KEY_LAYOUT);
    // Every key now has today's name: a tag, or one of the keys that never had one.
    expect((await keysUnder(prefix)).filter((key) => !key.includes('{'))).toEqual([]);
    const afterFirst = await keysUnder(prefix, 'domain');

    // A second start finds the marker and moves nothing.
    await e2e.warroom.close();
    await e2e.emulator.close();
    e2e = await startE2E({ env: { REDIS_PREFIX: prefix } });
    expect(await migrateKeyLayout(e2e.warroom.runtime.redis, createKeys(prefix), { queueNames })).toEqual({
      kind: 'current',
    });
    expect(await keysUnder(prefix, 'domain')).toEqual(afterFirst);
    expect(await snapshot(e2e.warroom.runtime, id)).toEqual(before);
    const { ctx } = e2e.warroom.runtime;
    expect(await ctx.tickets.nextId()).toBe('INC-0008');

    // The approval round still takes its decision, and the workers carry the incident on.
    const decision = {
      kind: 'approved',
      by: 'U0ONCALL',
      at: ctx.now().toISOString(),
      reason: 'after the upgrade',
    } as const;
    expect((await ctx.approvals.decide(id, 1, decision)).kind).toBe('won');
    await ctx.queues.add('apply-decision', { incidentId: id, round: 1 });
    await waitForStatus(
      e2e.warroom.runtime,
      id,
      ['Resolved', 'Partially_Resolved', 'Needs_Followup'],
      30_000,
    );
  });

  it('migrates in a web-only process too', async () => {
    const { prefix, id, before } = await oldLayoutRedis('layout-web');
    const web = await startE2E({ env: { REDIS_PREFIX: prefix, ROLE: 'web' } });
    try {
      expect(await snapshot(web.warroom.runtime, id)).toEqual(before);
      expect(await web.warroom.runtime.redis.get(web.warroom.runtime.keys.keyLayout)).toBe(
        CURRENT_KEY_LAYOUT,
      );
    } finally {
      await web.close();
    }
  });

  it('migrates once when two processes start together; the other waits until it is done', async () => {
    const { prefix, id } = await oldLayoutRedis('layout-race');
    const keys = createKeys(prefix);
    const outcomes = await Promise.all(
      [connection(), connection(), connection()].map((redis) =>
        migrateKeyLayout(redis, keys, { queueNames, pollMs: 10 }),
      ),
    );
    const migrated = outcomes.filter((outcome) => outcome.kind === 'migrated');
    expect(migrated).toHaveLength(1);
    expect(migrated[0]).toMatchObject({ conflicts: [], unknown: 0, oldQueueJobs: {} });
    // The others found the lease taken and returned only once the marker said the move was done.
    expect(outcomes.filter((found) => found.kind === 'waited')).toHaveLength(2);
    expect(await connection().exists(keys.ticket(id), keys.approvals(id), keys.keyLayout)).toBe(3);
    expect(await connection().exists(keys.keyLayoutLease)).toBe(0);
  });

  it('carries on after a crash half-way, never overwrites a newer key, keeps the larger sequence, names old jobs', async () => {
    const { prefix, id } = await oldLayoutRedis('layout-crash');
    const keys = createKeys(prefix);
    const redis = connection();
    // Half-way: the ticket already moved before the crash; the timeline's new name holds a newer key.
    await redis.rename(`${prefix}:incident:${id}`, keys.ticket(id));
    await redis.set(keys.revision(id), '99');
    // Today's sequence was already used up to 3 by a process that started without migrating.
    await redis.set(keys.incidentSequence, '3');
    const queue = new Queue(QUEUE_NAMES.incident, {
      connection: connection(),
      prefix: oldQueuePrefix(prefix),
    });
    await queue.add('triage', { incidentId: id }, { jobId: `${id}-triage` });
    await queue.add(
      'hitl-timeout',
      { incidentId: id, round: 1 },
      { jobId: `${id}-hitl-timeout-r1`, delay: 60_000 },
    );
    await queue.close();

    const outcome = await migrateKeyLayout(redis, keys, { queueNames });
    expect(outcome).toMatchObject({
      kind: 'migrated',
      unknown: 0,
      oldQueueJobs: { incident: { wait: 1, delayed: 1 } },
    });
    const conflicts = outcome.kind === 'migrated' ? [...outcome.conflicts].sort() : [];
    expect(conflicts).toEqual([`${prefix}:incident:${id}:rev`, `${prefix}:seq:incident`].sort());
    expect(await redis.get(keys.revision(id))).toBe('99');
    expect(await redis.exists(`${prefix}:incident:${id}:rev`)).toBe(1);
    expect(await redis.get(keys.incidentSequence)).toBe('7');
    expect(await redis.exists(keys.ticket(id), keys.approvals(id), keys.timeline(id))).toBe(3);
    // The old queue's keys are left where they were.
    expect(await redis.llen(`${oldQueuePrefix(prefix)}:incident:wait`)).toBe(1);
  });
});
