/**
 * The decide stage opens the approval round (from then on a sync may post the approval message and
 * its buttons) a moment before it moves the ticket to Awaiting_Approval. A click in that moment goes
 * through the real claim on the real Redis; applying it must close the round's question, not throw.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { roundOf } from '../../../src/domain/approval.js';
import { newTicket, withStatus } from '../../../src/domain/ticket.js';
import { handleApplyDecision } from '../../../src/pipeline/hitl/apply-decision-handler.js';
import { claimDecision } from '../../../src/pipeline/hitl/claim-decision.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

const runtimes: TestRuntime[] = [];
afterAll(() => Promise.all(runtimes.map((runtime) => runtime.dispose())));

describe('a decision that lands before the ticket shows Awaiting_Approval', () => {
  it.each([
    ['rejected', 'Rejected'],
    ['changes_requested', 'Diagnosing'],
  ] as const)('a %s click on the open round is applied: %s', async (kind, status) => {
    const runtime = createTestRuntime();
    runtimes.push(runtime);
    const { ctx } = runtime;
    const now = new Date();
    const id = await ctx.tickets.nextId();
    const opened = newTicket({
      id,
      system: 'api',
      issue: 'p99 over 5 s',
      sev: 'sev2',
      source: 'inject',
      channel: 'C0OPS',
      fingerprint: `fp-${id}`,
      now,
    });
    await ctx.tickets.create(withStatus(opened, 'Remediation_Recommended', { now, by: 'crew' }));
    // What openDecision does first; its move to Awaiting_Approval has not happened yet.
    await ctx.approvals.open(id, {
      round: 1,
      route: 'approval',
      openedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 900_000).toISOString(),
    });

    const claim = await claimDecision(ctx, id, 1, {
      kind,
      by: 'U0ONCALL',
      at: new Date().toISOString(),
      reason: 'not this plan',
    });
    expect(claim).toEqual({ kind: 'accepted' });
    await handleApplyDecision(ctx, id, 1);

    const ticket = await ctx.tickets.require(id);
    expect(ticket.status).toBe(status);
    expect(ticket.history.map((move) => move.to)).toEqual([
      'Diagnosing',
      'Remediation_Recommended',
      'Awaiting_Approval',
      status,
    ]);
    expect(roundOf(await ctx.approvals.book(id), 1)?.decision?.kind).toBe(kind);
    const decided = (await ctx.timeline.read(id)).filter((entry) => entry.type === 'decision');
    expect(decided.map((entry) => entry.data)).toMatchObject([{ round: 1, decision: kind, status }]);
  });
});
