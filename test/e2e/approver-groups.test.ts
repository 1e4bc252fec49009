/**
 * Catalog approvers that name a Slack user group: the group is expanded through the real Web API
 * client (`usergroups.users.list` on the local Slack emulator). A member approves; anyone else is
 * refused privately; a group Slack will not read (missing scope) lets none of its members through,
 * says so once in the thread, and leaves the decision to APPROVERS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVE } from '../../src/slack/action-ids.js';
import { MESSAGE_KEYS } from '../../src/slack/outbox/message-keys.js';
import { click, ephemeralsFor, hasButton, keyOf, threadMessage } from '../support/approval-flow.js';
import { testCatalog } from '../support/catalogs.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { incidentOn } from '../support/incident-flow.js';
import { waitFor } from '../support/test-runtime.js';

const CHANNEL = 'C0GROUPS';
const LEAD = 'U0PAYLEAD';
const MEMBER = 'U0PAYSRE1';
const LEDGER_MEMBER = 'U0LEDGER1';
const OUTSIDER = 'U0OUTSIDER';
const FALLBACK = 'U0FALLBACK';
const DECLARER = 'U0DECLARER';

const CATALOG = `services:
  - name: payments
    owner: { team: team-payments, slack: U0PAYOWNER }
    tier: 2
    approvers: [${LEAD}, S0PAYSRE]
  - name: ledger
    tier: 2
    approvers: [S0LEDGER]
`;

let e2e: E2E;
const ctx = () => e2e.warroom.runtime.ctx;

async function declared(system: string) {
  await e2e.driver.slashCommand({
    command: '/incident',
    text: `declare ${system} checkout returns 500 for 30 percent of requests sev2`,
    userId: DECLARER,
    channelId: CHANNEL,
  });
  const ticket = await incidentOn(e2e, system, ['Awaiting_Approval']);
  const { message } = await threadMessage(e2e, CHANNEL, ticket.id, 'approval:r1', (current) =>
    hasButton(current, APPROVE),
  );
  return { id: ticket.id, message };
}

const decisionOf = async (id: string) => (await ctx().approvals.book(id)).rounds[0]?.decision;

describe('approver user groups, expanded through usergroups.users.list', () => {
  beforeAll(async () => {
    e2e = await startE2E({
      env: { APPROVERS: FALLBACK },
      overrides: { runtime: { catalog: testCatalog(CATALOG) } },
      emulator: { userGroups: { S0PAYSRE: [MEMBER, 'U0PAYSRE2'], S0LEDGER: [LEDGER_MEMBER] } },
    });
  }, 60_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('a member of the group approves; a non-member gets the private refusal and nothing changes', async () => {
    const { id, message } = await declared('payments');

    expect((await click(e2e, OUTSIDER, CHANNEL, message, APPROVE)).status).toBe(200);
    const refusal = await waitFor(() => ephemeralsFor(e2e, OUTSIDER).find((text) => text.includes(id)), {
      what: 'the refusal',
    });
    expect(refusal).toBe(
      `Only approvers can decide on ${id}: <@${LEAD}>, <!subteam^S0PAYSRE>. Nothing was changed; ask one of them.`,
    );
    expect(await decisionOf(id)).toBeUndefined();

    expect((await click(e2e, MEMBER, CHANNEL, message, APPROVE)).status).toBe(200);
    const decision = await waitFor(() => decisionOf(id), { what: `${id}'s decision` });
    expect(decision).toMatchObject({ kind: 'approved', by: MEMBER });
    // One real Web API call for the group, cached for the second click's lookup.
    const lookups = e2e.emulator.calls('usergroups.users.list');
    expect(lookups.map((call) => call.params.usergroup)).toEqual(['S0PAYSRE']);
    expect(ephemeralsFor(e2e, MEMBER)).toEqual([]);
  });

  it('without usergroups:read: members are refused with the reason, the thread says so once, APPROVERS decide', async () => {
    e2e.emulator.setScope('usergroups:read', false);
    const { id, message } = await declared('ledger');

    for (const attempt of [1, 2]) {
      expect((await click(e2e, LEDGER_MEMBER, CHANNEL, message, APPROVE)).status).toBe(200);
      await waitFor(() => (ephemeralsFor(e2e, LEDGER_MEMBER).length >= attempt ? true : undefined), {
        what: `refusal ${attempt}`,
      });
    }
    expect(ephemeralsFor(e2e, LEDGER_MEMBER)[0]).toBe(
      `Only approvers can decide on ${id}: <!subteam^S0LEDGER>. Could not check whether you belong to <!subteam^S0LEDGER>: the app lacks the usergroups:read scope (Slack said missing_scope). Nothing was changed; ask one of them.`,
    );
    expect(await decisionOf(id)).toBeUndefined();
    const notice = await threadMessage(e2e, CHANNEL, id, MESSAGE_KEYS.approverGroups);
    expect(notice.message.text).toBe(`${id}: approver groups could not be read`);
    expect(JSON.stringify(notice.message.blocks)).toContain(
      `who still may: <@${FALLBACK}> (named directly or in APPROVERS)`,
    );
    const notices = e2e.emulator
      .thread(CHANNEL, notice.card.ts)
      .filter((posted) => keyOf(posted) === MESSAGE_KEYS.approverGroups);
    expect(notices).toHaveLength(1);

    expect((await click(e2e, FALLBACK, CHANNEL, message, APPROVE)).status).toBe(200);
    expect(await waitFor(() => decisionOf(id), { what: `${id}'s decision` })).toMatchObject({
      kind: 'approved',
      by: FALLBACK,
    });
  });
});
