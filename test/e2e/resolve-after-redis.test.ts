import { afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../src/domain/status.js';
import { withStatus } from '../../src/domain/ticket.js';
import { openIncident } from '../../src/pipeline/open-incident.js';
import { handleArchive } from '../../src/pipeline/retention/archive-handler.js';
import { incidentKeyNames } from '../../src/store/incident-retention.js';
import { requireTool, skipForMissingTool } from '../support/ci-tools.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { CHANNEL, incidentReply, ONCALL } from '../support/incident-e2e.js';
import { createThrowawayDatabase, postgresMissing, type ThrowawayDatabase } from '../support/postgres.js';

const missing = await postgresMissing();

/**
 * INC-0001 in `status`, then its keys gone from Redis as retention or eviction leaves them. The web
 * role alone runs: nothing diagnoses it meanwhile.
 */
async function incidentThatLeftRedis(e2e: E2E, status: Status, archive: boolean): Promise<void> {
  const { ctx, redis, keys } = e2e.warroom.runtime;
  const opened = await openIncident(ctx, {
    system: 'api',
    issue: '5xx above 5%',
    sev: 'sev2',
    source: 'manual',
    channel: CHANNEL,
  });
  await ctx.tickets.update(opened.id, (current) =>
    withStatus(current, status, { now: ctx.now(), by: ONCALL, reason: 'handed to people' }),
  );
  // Left too long in Needs_Followup: retired from the open set, archived like a closed one.
  if (status === 'Needs_Followup') await ctx.retention.store.retire(opened.id, Date.now());
  if (archive) {
    await handleArchive(ctx, opened.id);
    expect(await ctx.retention.store.isArchived(opened.id)).toBe(true);
  }
  await redis.del(...incidentKeyNames(keys, opened.id));
  expect(await ctx.tickets.get(opened.id)).toBeUndefined();
}

describe('/incident resolve of an incident that left Redis', () => {
  let e2e: E2E | undefined;
  let database: ThrowawayDatabase | undefined;
  afterEach(async () => {
    await e2e?.close();
    await database?.drop();
    e2e = undefined;
    database = undefined;
  });

  it.skipIf(skipForMissingTool(missing))(
    'closes one still open in the history, and says one already closed is kept there',
    async () => {
      requireTool(missing);
      database = await createThrowawayDatabase();
      e2e = await startE2E({ env: { ROLE: 'web', DATABASE_URL: database.url } });
      await incidentThatLeftRedis(e2e, 'Needs_Followup', true);

      const resolved = await incidentReply(e2e, 'resolve INC-0001 fixed by the vendor');
      expect(resolved).toContain(
        'INC-0001 is now Resolved in the history. It had left Redis, so its card is no longer updated.',
      );
      const shown = await incidentReply(e2e, 'show INC-0001');
      expect(shown).toContain('Resolved');
      const record = await e2e.warroom.runtime.ctx.history?.read('INC-0001');
      expect(record?.ticket).toMatchObject({
        status: 'Resolved',
        resolution: `Resolved by hand by <@${ONCALL}>: fixed by the vendor`,
      });
      expect(record?.timeline.at(-1)).toMatchObject({
        type: 'resolved.by_hand',
        by: ONCALL,
        data: { note: 'fixed by the vendor' },
      });

      const again = await incidentReply(e2e, 'resolve INC-0001');
      expect(again).toMatch(
        /INC-0001 is already closed \(Resolved\) and kept in the history; `\/incident show INC-0001` has it\. \(ref [0-9a-f]{8}\)/,
      );
    },
  );

  it('without PostgreSQL says its data expired, tells an unknown id apart, and changes nothing', async () => {
    e2e = await startE2E({ env: { ROLE: 'web', INCIDENT_RETENTION_DAYS: '30' } });
    await incidentThatLeftRedis(e2e, 'Resolved', false);
    const expired = await incidentReply(e2e, 'resolve INC-0001');
    expect(expired).toContain(
      'INC-0001 is no longer kept: its data has left Redis (closed incidents expire after INCIDENT_RETENTION_DAYS, 30 days here) and DATABASE_URL is not set, so nothing keeps incidents after Redis. Nothing was changed.',
    );
    const unknown = await incidentReply(e2e, 'resolve INC-0042');
    expect(unknown).toContain('There is no INC-0042. Try `/incident list`.');
    const { ctx, redis, keys } = e2e.warroom.runtime;
    expect(await ctx.tickets.get('INC-0001')).toBeUndefined();
    expect(await redis.exists(...incidentKeyNames(keys, 'INC-0001'))).toBe(0);
  });
});
