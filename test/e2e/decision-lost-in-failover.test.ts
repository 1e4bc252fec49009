import { describe, expect } from 'vitest';
import { QUEUE_NAMES } from '../../src/pipeline/job-catalog.js';
import { APPROVE } from '../../src/slack/action-ids.js';
import { LOST_DECISION_NOTICE } from '../../src/slack/blocks/approval.js';
import { click, hasButton, keyOf, threadMessage } from '../support/approval-flow.js';
import { e2eIt as it } from '../support/e2e-fixture.js';
import { CHANNEL, injectFault, ONCALL, waitForCard } from '../support/incident-e2e.js';
import { waitFor } from '../support/test-runtime.js';

const asksAgain = (text: string) => text.includes(LOST_DECISION_NOTICE);

describe('a decision that a Redis failover lost', () => {
  it('is noticed, said in the thread and asked again; the second Approve resolves it, applied once', async ({
    startApp,
  }) => {
    const e2e = await startApp();
    const { redis, keys, ctx } = e2e.warroom.runtime;
    await injectFault(e2e, 'crash api');
    const { message } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (current) =>
      hasButton(current, APPROVE),
    );
    // What a replica that missed the click holds: the approval round as it was before it.
    const approvals = keys.approvals('INC-0001');
    const beforeClick = await redis.hgetall(approvals);
    // The decision's job waits, as it would for the failover, while the decision is lost.
    const incidents = ctx.queues.queue(QUEUE_NAMES.incident);
    await incidents.pause();
    expect((await click(e2e, ONCALL, CHANNEL, message, APPROVE)).status).toBe(200);
    await waitFor(async () => ((await incidents.getJob('INC-0001-apply-decision-r1')) ? true : undefined), {
      what: 'the decision job',
    });
    await redis.hset(approvals, beforeClick);
    await incidents.resume();

    // The thread says so, and the approval message has its buttons back.
    const { message: again } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (current) =>
      asksAgain(JSON.stringify(current.blocks)),
    );
    expect(hasButton(again, APPROVE)).toBe(true);
    expect(again.text).toContain('needs a decision again');
    await expect(ctx.tickets.require('INC-0001')).resolves.toMatchObject({ status: 'Awaiting_Approval' });

    expect((await click(e2e, ONCALL, CHANNEL, again, APPROVE)).status).toBe(200);
    const card = await waitForCard(e2e, 'INC-0001', 'Resolved');
    await threadMessage(e2e, CHANNEL, 'INC-0001', 'resolution');
    const timeline = await ctx.timeline.read('INC-0001');
    expect(timeline.filter((entry) => entry.type === 'approval.lost')).toHaveLength(1);
    expect(timeline.filter((entry) => entry.type === 'decision')).toHaveLength(1);
    // The approval message was updated in place: one card, no thread message twice.
    expect(e2e.emulator.messages(CHANNEL)).toHaveLength(1);
    const threadKeys = e2e.emulator.thread(CHANNEL, card.ts).map(keyOf);
    expect(new Set(threadKeys).size).toBe(threadKeys.length);
    const decided = e2e.emulator.message(CHANNEL, again.ts);
    expect(decided && hasButton(decided, APPROVE)).toBe(false);
  });
});
