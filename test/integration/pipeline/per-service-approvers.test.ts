/**
 * A plan whose steps target services with different approvers: each service's steps need an
 * approver of their own service. Real Redis, real workers, the rule reasoner; the plan stage is
 * answered by a reasoner that (as a model may) adds a step on the root cause's dependency.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reasoner } from '../../../src/agents/reasoner.js';
import { createRuleReasoner } from '../../../src/agents/rule-reasoner.js';
import { claimDecision } from '../../../src/pipeline/hitl/claim-decision.js';
import { approvalParts } from '../../../src/pipeline/hitl/incident-approvers.js';
import { openAndWait, testCatalog } from '../../support/catalogs.js';
import { createTestRuntime, type TestRuntime, waitForStatus } from '../../support/test-runtime.js';

const PAY_LEAD = 'U0PAYLEAD';
const DBA = 'U0DBA';
const OUTSIDER = 'U0OUTSIDER';

/** payments calls ledger-db; each has approvers of its own. */
const CATALOG = `services:
  - { name: payments, tier: 2, dependsOn: [ledger-db], approvers: [${PAY_LEAD}], owner: { team: team-payments } }
  - { name: ledger-db, tier: 2, approvers: [${DBA}], owner: { team: team-data } }
`;

/** The rule reasoner, whose plan also checks the database the root cause's service calls. */
function planAlsoOnDependency(): Reasoner {
  const rules = createRuleReasoner();
  return {
    ...rules,
    name: 'rules-plus-dependency-step',
    async plan(input) {
      const planned = await rules.plan(input);
      const extra = {
        id: 'check-ledger',
        kind: 'manual' as const,
        target: 'ledger-db',
        description: 'Check ledger-db connection saturation',
        risk: 'low' as const,
        blastRadius: 'ledger-db only',
        rollback: 'none needed',
      };
      return { ...planned, output: { ...planned.output, actions: [...planned.output.actions, extra] } };
    },
  };
}

const at = () => new Date().toISOString();

describe('per-service approvers: each service’s steps decided by its own approver', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.dispose();
    runtime = undefined;
  });

  async function awaitingApproval() {
    runtime = createTestRuntime({ catalog: testCatalog(CATALOG), reasoner: planAlsoOnDependency() });
    runtime.startIncidentWorker({ concurrency: 8 });
    const ticket = await openAndWait(
      runtime,
      { system: 'payments', issue: 'checkout returns 500 for 30 percent of requests' },
      ['Awaiting_Approval'],
    );
    return { ctx: runtime.ctx, ticket, id: ticket.id };
  }

  it('an approval covers only its approver’s service; the plan runs once every service’s steps are approved', async () => {
    const { ctx, ticket, id } = await awaitingApproval();
    expect(new Set(ticket.recommendations.map((step) => step.target))).toEqual(
      new Set(['payments', 'ledger-db']),
    );
    expect(approvalParts(ctx, ticket).map(({ services, approvers }) => ({ services, approvers }))).toEqual([
      { services: ['payments'], approvers: [PAY_LEAD] },
      { services: ['ledger-db'], approvers: [DBA] },
    ]);

    expect(await claimDecision(ctx, id, 1, { kind: 'approved', by: OUTSIDER, at: at() })).toEqual({
      kind: 'not_allowed',
      approvers: [PAY_LEAD, DBA],
    });

    const first = await claimDecision(ctx, id, 1, { kind: 'approved', by: PAY_LEAD, at: at() });
    expect(first).toMatchObject({
      kind: 'partial',
      approved: [{ services: ['payments'] }],
      waiting: [{ services: ['ledger-db'], approvers: [DBA] }],
    });
    // A second click by the same approver changes nothing and still waits for the DBA.
    expect(await claimDecision(ctx, id, 1, { kind: 'approved', by: PAY_LEAD, at: at() })).toMatchObject({
      kind: 'partial',
      waiting: [{ services: ['ledger-db'] }],
    });
    // An override would replace the DBA's steps too: only someone who may decide every part.
    expect(
      await claimDecision(ctx, id, 1, {
        kind: 'overridden',
        by: PAY_LEAD,
        at: at(),
        steps: ['restart payments'],
      }),
    ).toEqual({ kind: 'not_allowed', approvers: [DBA] });
    expect((await ctx.tickets.require(id)).status).toBe('Awaiting_Approval');
    const pending = (await ctx.approvals.book(id)).rounds[0];
    expect(pending?.state).toBe('pending');
    expect(pending?.partApprovals?.map((approval) => approval.by)).toEqual([PAY_LEAD]);

    expect(await claimDecision(ctx, id, 1, { kind: 'approved', by: DBA, at: at() })).toEqual({
      kind: 'accepted',
    });
    const decided = (await ctx.approvals.book(id)).rounds[0];
    expect(decided?.decision).toMatchObject({ kind: 'approved', by: DBA });
    expect(decided?.partApprovals?.map((approval) => approval.by)).toEqual([PAY_LEAD, DBA]);
    await waitForStatus(runtime as TestRuntime, id, ['Remediating']);
  });

  it('an approver of any one service may stop the whole plan (reject)', async () => {
    const { ctx, id } = await awaitingApproval();
    expect(
      await claimDecision(ctx, id, 1, {
        kind: 'rejected',
        by: DBA,
        at: at(),
        reason: 'ledger migration running',
      }),
    ).toEqual({ kind: 'accepted' });
    const rejected = await waitForStatus(runtime as TestRuntime, id, ['Rejected']);
    expect(rejected.resolution).toBe(`Rejected by <@${DBA}>: ledger migration running`);
  });
});
