/**
 * Feedback on a root cause against the real Redis, real workers and the rule reasoner: who counts
 * is decided as for the approval buttons (catalog approvers, a Slack user group read through the
 * real Web API client from the local emulator); each person's verdict stands once, whatever the
 * clicks race; the record of verdicts leaves Redis with the incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultSignature } from '../../../src/agents/learning.js';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import type { Ticket } from '../../../src/domain/ticket.js';
import { recordCauseFeedback } from '../../../src/pipeline/hitl/cause-feedback.js';
import { createSlackUserGroups } from '../../../src/slack/user-groups.js';
import { openAndWait, testCatalog } from '../../support/catalogs.js';
import { createTestRuntime, silentLogger, type TestRuntime } from '../../support/test-runtime.js';

const PAY_DEV = 'U0PAYDEV';
const DBA = 'U0DBA';
const OUTSIDER = 'U0OUTSIDER';
const PAY_TEAM = 'S0PAYTEAM';

const CATALOG = `services:
  - { name: payments, tier: 2, dependsOn: [ledger-db], approvers: [${PAY_TEAM}], owner: { team: team-payments } }
  - { name: ledger-db, tier: 2, approvers: [${DBA}], owner: { team: team-data } }
`;

let emulator: SlackEmulator;
let runtime: TestRuntime;
let ticket: Ticket;
const ctx = () => runtime.ctx;
const counts = async () => {
  const rca = ticket.rca ?? { fault: '?', rootService: '?' };
  const stats = await ctx().learning.stats(faultSignature(rca.fault, rca.rootService), 'restart');
  return { right: stats.rightCauses, wrong: stats.wrongCauses };
};

beforeAll(async () => {
  emulator = await startSlackEmulator({ userGroups: { [PAY_TEAM]: [PAY_DEV] } });
  runtime = createTestRuntime({
    catalog: testCatalog(CATALOG),
    userGroups: createSlackUserGroups({
      botToken: 'xoxb-test',
      apiUrl: emulator.url,
      logger: silentLogger(),
    }),
  });
  runtime.startIncidentWorker({ concurrency: 8 });
  // Any end it reaches, so a wrong one fails the first test with its name, not with a timeout.
  ticket = await openAndWait(
    runtime,
    { system: 'payments', issue: 'checkout returns 500 for 30 percent of requests' },
    ['Awaiting_Approval', 'Needs_Followup', 'Rejected', 'Resolved'],
    45_000,
  );
}, 60_000);
afterAll(async () => {
  await runtime?.dispose();
  await emulator?.close();
});

describe('feedback on a root cause', () => {
  it('counts a member of the catalog approvers’ user group, and not someone outside it', async () => {
    expect(ticket.status).toBe('Awaiting_Approval');
    expect(ticket.rca?.rootService).toBe('payments');
    expect(await recordCauseFeedback(ctx(), ticket.id, PAY_DEV, 'wrong')).toEqual({
      kind: 'recorded',
      verdict: 'wrong',
      counted: true,
      approvers: [],
      unreadable: [],
    });
    expect(await recordCauseFeedback(ctx(), ticket.id, OUTSIDER, 'wrong')).toEqual({
      kind: 'recorded',
      verdict: 'wrong',
      counted: false,
      approvers: [PAY_TEAM],
      unreadable: [],
    });
    expect(await counts()).toEqual({ right: 0, wrong: 1 });
    // The approver of a service the plan does not touch decides nothing here, so teaches nothing.
    expect(await recordCauseFeedback(ctx(), ticket.id, DBA, 'right')).toMatchObject({ counted: false });
    expect(await counts()).toEqual({ right: 0, wrong: 1 });
  });

  it('keeps one standing verdict per person however their clicks race', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordCauseFeedback(ctx(), ticket.id, PAY_DEV, i % 2 === 0 ? 'right' : 'wrong'),
      ),
    );
    const stored = await runtime.redis.hget(runtime.keys.causeVerdicts(ticket.id), PAY_DEV);
    const standing = JSON.parse(stored ?? '{}') as { verdict?: string; counted?: boolean };
    expect(standing.counted).toBe(true);
    expect(await counts()).toEqual(
      standing.verdict === 'right' ? { right: 1, wrong: 0 } : { right: 0, wrong: 1 },
    );
    const clicks = (await ctx().timeline.read(ticket.id)).filter((entry) => entry.type === 'rca.feedback');
    expect(clicks).toHaveLength(23);
  });

  it('answers for an incident Warroom does not hold, changing nothing', async () => {
    const before = await counts();
    expect(await recordCauseFeedback(ctx(), 'INC-9999', PAY_DEV, 'wrong')).toEqual({
      kind: 'unknown_incident',
    });
    expect(await counts()).toEqual(before);
    expect(await runtime.redis.exists(runtime.keys.causeVerdicts('INC-9999'))).toBe(0);
  });

  it('lets the verdicts expire with the incident’s keys, and keeps them when it reopens', async () => {
    const key = runtime.keys.causeVerdicts(ticket.id);
    await ctx().retention.store.expireAt(ticket.id, Date.now());
    expect(await runtime.redis.ttl(key)).toBeGreaterThan(0);
    await ctx().retention.store.keep(ticket.id);
    expect(await runtime.redis.ttl(key)).toBe(-1);
  });
});
