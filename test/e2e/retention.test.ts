import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatus } from '../../src/domain/ticket.js';
import { openIncident } from '../../src/pipeline/open-incident.js';
import { createIncidentHistory } from '../../src/pipeline/retention/incident-history.js';
import { handleRetentionSweep } from '../../src/pipeline/retention/retention-sweep.js';
import { incidentKeyNames } from '../../src/store/incident-retention.js';
import { threadMessage } from '../support/approval-flow.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { CHANNEL, injectFault, waitForCard } from '../support/incident-e2e.js';
import { testRedisUrl, waitFor } from '../support/test-runtime.js';

const DAY = 24 * 3600 * 1000;

/**
 * Keys that are not one incident's and live as long as the deployment (README, History and
 * retention): counters, indexes the sweep trims, learning, the estate, switches, and BullMQ's queues.
 */
const GLOBAL_KEYS = [
  /:seq:incident$/,
  /:incidents:(all|open|closed|archived|fingerprints)$/,
  /:slack:(roots|home-viewers)$/,
  /:slack:post-slot:/,
  /:ingest:(alerts|deliveries|floods|last-alert-at|heads|placement|opening|early-resolutions)$/,
  /:learning:/,
  /:estate$/,
  /:kill-switch$/,
  /:chaos$/,
  /:key-layout$/,
  /:\{[^}]+-q\}:/,
];

async function keysWithoutTtl(prefix: string): Promise<string[]> {
  const redis = new Redis(testRedisUrl());
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const ttls = await Promise.all(keys.map((key) => redis.pttl(key)));
    return keys.filter((_key, index) => ttls[index] === -1).sort();
  } finally {
    redis.disconnect();
  }
}

describe('bounded Redis without PostgreSQL', () => {
  let e2e: E2E | undefined;
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
  });

  it('gives every key of a closed incident a TTL and trims the indexes once it is past retention', async () => {
    e2e = await startE2E({ env: { AUTO_REMEDIATE: 'true', INCIDENT_RETENTION_DAYS: '30' } });
    const { ctx, keys, redis } = e2e.warroom.runtime;
    await injectFault(e2e, 'crash api');
    await waitForCard(e2e, 'INC-0001', 'Resolved');
    await threadMessage(e2e, CHANNEL, 'INC-0001', 'postmortem');

    // The close sets the expiry at once; the sweep then covers keys written after it.
    expect(await redis.pttl(keys.ticket('INC-0001'))).toBeGreaterThan(30 * DAY);
    const report = await handleRetentionSweep(ctx);
    expect(report.expired).toBe(1);
    const lasting = await keysWithoutTtl(e2e.prefix);
    expect(lasting.filter((key) => !GLOBAL_KEYS.some((pattern) => pattern.test(key)))).toEqual([]);
    const ttlMs = await redis.pttl(keys.ticket('INC-0001'));
    expect(ttlMs).toBeGreaterThan(30 * DAY);
    expect(ttlMs).toBeLessThanOrEqual(31 * DAY + 1000);

    const later = new Date(Date.now() + 31 * DAY);
    expect((await handleRetentionSweep({ ...ctx, now: () => later })).evicted).toBe(1);
    expect(await redis.zscore(keys.allIncidents, 'INC-0001')).toBeNull();
    expect(await redis.zscore(keys.closedIncidents, 'INC-0001')).toBeNull();
    expect(Object.values(await redis.hgetall(keys.slackRootIndex))).not.toContain('INC-0001');
    const alertOwners = Object.values(await redis.hgetall(keys.alertIndex)).map(
      (raw) => (JSON.parse(raw) as { incidentId: string }).incidentId,
    );
    expect(alertOwners).not.toContain('INC-0001');
    for (const key of incidentKeyNames(keys, 'INC-0001')) expect(await redis.pttl(key)).not.toBe(-1);
  });

  it('reminds the thread of an incident left in Needs_Followup too long, then takes it off the open list', async () => {
    e2e = await startE2E({ env: { STALE_INCIDENT_DAYS: '14' } });
    const { ctx } = e2e.warroom.runtime;
    const opened = await openIncident(ctx, {
      system: 'api',
      issue: 'api answers 500',
      sev: 'sev2',
      source: 'manual',
      channel: CHANNEL,
    });
    await waitForCard(e2e, opened.id, 'Awaiting Approval');
    await ctx.tickets.update(opened.id, (ticket) =>
      withStatus(ticket, 'Needs_Followup', { now: ctx.now(), reason: 'left for later' }),
    );
    await ctx.queues.requestSlackSync(opened.id);
    await waitForCard(e2e, opened.id, 'Needs Followup');

    const early = await handleRetentionSweep({ ...ctx, now: () => new Date(Date.now() + 13 * DAY) });
    expect(early.reminded).toBe(0);
    const late = { ...ctx, now: () => new Date(Date.now() + 15 * DAY) };
    expect((await handleRetentionSweep(late)).reminded).toBe(1);
    expect((await handleRetentionSweep(late)).reminded).toBe(0);

    const { message } = await threadMessage(e2e, CHANNEL, opened.id, 'stale-reminder');
    expect(message.text).toContain('still Needs Followup');
    expect((await ctx.tickets.listOpen()).map((ticket) => ticket.id)).not.toContain(opened.id);
    const listed = await createIncidentHistory(ctx).recent({ status: 'Needs_Followup', limit: 10 });
    expect(listed.map((ticket) => ticket.id)).toEqual([opened.id]);
    const timeline = await ctx.timeline.read(opened.id);
    expect(timeline.filter((entry) => entry.type === 'incident.stale')).toHaveLength(1);
    await waitFor(async () =>
      (await ctx.retention.store.closed()).some((entry) => entry.id === opened.id) ? true : undefined,
    );
  });
});
