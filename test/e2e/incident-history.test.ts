import { afterEach, describe, expect, it } from 'vitest';
import { handleRetentionSweep } from '../../src/pipeline/retention/retention-sweep.js';
import { APPROVE } from '../../src/slack/action-ids.js';
import { incidentKeyNames } from '../../src/store/incident-retention.js';
import { click, hasButton, threadMessage } from '../support/approval-flow.js';
import { requireTool, skipForMissingTool } from '../support/ci-tools.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { CHANNEL, incidentReply, injectFault, ONCALL, waitForCard } from '../support/incident-e2e.js';
import { createThrowawayDatabase, postgresMissing, type ThrowawayDatabase } from '../support/postgres.js';
import { waitFor } from '../support/test-runtime.js';

const missing = await postgresMissing();
const skip = skipForMissingTool(missing);
const DAY = 24 * 3600 * 1000;

async function resolveByApproval(e2e: E2E, id: string, fault: string) {
  await injectFault(e2e, fault);
  const { message } = await threadMessage(e2e, CHANNEL, id, 'approval:r1', (current) =>
    hasButton(current, APPROVE),
  );
  await click(e2e, ONCALL, CHANNEL, message, APPROVE);
  await waitForCard(e2e, id, 'Resolved');
  await threadMessage(e2e, CHANNEL, id, 'postmortem');
}

describe.skipIf(skip)('archived incidents read like hot ones', () => {
  let e2e: E2E | undefined;
  let database: ThrowawayDatabase | undefined;
  afterEach(async () => {
    await e2e?.close();
    await database?.drop();
  });

  it('/incident show, postmortem, list and 7-day stats are the same once the incident left Redis', async () => {
    requireTool(missing);
    database = await createThrowawayDatabase();
    e2e = await startE2E({
      env: { DATABASE_URL: database.url, INCIDENT_HOT_DAYS: '7' },
      overrides: { runtime: { archiveDelayMs: 0 } },
    });
    const { ctx, redis, keys } = e2e.warroom.runtime;
    await resolveByApproval(e2e, 'INC-0001', 'crash api');
    await resolveByApproval(e2e, 'INC-0002', 'slow database');
    for (const id of ['INC-0001', 'INC-0002'])
      await waitFor(async () => ((await ctx.retention.store.isArchived(id)) ? true : undefined));

    const commands = ['show INC-0001', 'postmortem INC-0001', 'list Resolved', 'stats 7d'];
    const hot: string[] = [];
    for (const command of commands) hot.push(await incidentReply(e2e, command));

    // Eight days on, INC-0001's keys are gone from Redis (their TTL, here by hand) and the sweep
    // trims the indexes; INC-0002 stays hot.
    const sweep = await handleRetentionSweep({ ...ctx, now: () => new Date(Date.now() + 8 * DAY) });
    expect(sweep.evicted).toBe(2);
    await redis.del(...incidentKeyNames(keys, 'INC-0001'));
    expect(await ctx.tickets.get('INC-0001')).toBeUndefined();
    expect(await ctx.tickets.get('INC-0002')).toBeDefined();

    const cold: string[] = [];
    for (const command of commands) cold.push(await incidentReply(e2e, command));
    expect(cold).toEqual(hot);
    expect(cold[2]).toContain('INC-0001');
    expect(cold[2]).toContain('INC-0002');
    expect(cold[0]).toContain('https://slack.com/archives/');
  });
});
