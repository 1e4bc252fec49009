import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDecision } from '../../../src/pipeline/hitl/claim-decision.js';
import { injectAndOpen } from '../../../src/pipeline/inject.js';
import type { Runtime } from '../../../src/runtime.js';
import { APPROVE } from '../../../src/slack/action-ids.js';
import { LOST_DECISION_NOTICE } from '../../../src/slack/blocks/approval.js';
import { click, hasButton, keyOf, threadMessage } from '../../support/approval-flow.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { type E2E, startE2E } from '../../support/e2e.js';
import {
  CHANNEL,
  cardOf,
  ONCALL,
  injectFault as slashInject,
  waitForCard,
} from '../../support/incident-e2e.js';
import { redisToolMissing } from '../../support/redis-processes.js';
import { SENTINEL_SET_NAME, type SentinelSet, startSentinelSet } from '../../support/redis-sentinel-set.js';
import { stageRunning } from '../../support/stage-runs.js';
import { createRuntimeOn, waitFor, waitForStatus } from '../../support/test-runtime.js';

const DIAGNOSED = ['Awaiting_Approval', 'Needs_Followup', 'False_Positive', 'Duplicate'] as const;
const CLOSED = ['Resolved', 'Partially_Resolved', 'Needs_Followup'] as const;

const missing = redisToolMissing('redis-sentinel');

describe.skipIf(skipForMissingTool(missing))(
  'incidents across a Sentinel failover (a private primary, replica and three redis-sentinels)',
  () => {
    let set: SentinelSet;
    let runtime: Runtime;

    beforeAll(async () => {
      requireTool(missing);
      set = await startSentinelSet();
      const nodes = set.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port }));
      // Diagnosis takes long enough for the primary to die in the middle of it.
      runtime = createRuntimeOn(
        { sentinel: { nodes, name: SENTINEL_SET_NAME }, waitReplicaMs: 200 },
        'sentinel',
        {
          ruleLatencyMs: 150,
        },
      );
      runtime.startIncidentWorker({ concurrency: 8, lockDuration: 4000, stalledInterval: 1000 });
    }, 60_000);

    afterAll(async () => {
      await runtime?.close();
      await set?.dispose();
    });

    it('keeps working when the primary is SIGKILLed mid-diagnosis: nothing is lost, every incident completes', async () => {
      const { ctx } = runtime;
      const before = await set.primaryPort();
      expect(before).toBe(set.primary.port);

      const waiting = await injectAndOpen(ctx, { fault: 'crash', service: 'cache', channel: null });
      const awaiting = await waitForStatus(runtime, waiting.id, DIAGNOSED, 30_000);
      expect(awaiting.status).toBe('Awaiting_Approval');

      const diagnosing = await injectAndOpen(ctx, { fault: 'web_5xx', service: 'web-edge', channel: null });
      await stageRunning(ctx, diagnosing.id, 'triage');
      const killedAt = Date.now();
      await set.primary.kill();
      const after = await set.failedOverFrom(before);
      expect(after).toBe(set.replica.port);
      const failoverMs = Date.now() - killedAt;

      // The incident being diagnosed when the primary died finishes on the new one.
      const diagnosed = await waitForStatus(runtime, diagnosing.id, DIAGNOSED, 60_000);
      expect(diagnosed.status).toBe('Awaiting_Approval');

      // The incident that was waiting is still waiting, with what it held, and can be approved.
      const kept = await ctx.tickets.require(waiting.id);
      expect(kept).toEqual(awaiting);
      const decided = await claimDecision(ctx, waiting.id, 1, {
        kind: 'approved',
        by: 'U0ONCALL',
        at: new Date().toISOString(),
      });
      expect(decided).toEqual({ kind: 'accepted' });
      expect((await waitForStatus(runtime, waiting.id, CLOSED, 60_000)).status).toBe('Resolved');

      // A new incident after the failover takes the next id: the counter was not lost.
      const later = await injectAndOpen(ctx, { fault: 'crash', service: 'worker', channel: null });
      expect(later.id).toBe('INC-0003');
      expect((await waitForStatus(runtime, later.id, DIAGNOSED, 60_000)).status).toBe('Awaiting_Approval');

      // Every stage of the incident that lived through the failover ran to its end exactly once.
      const runs = await ctx.stages.runs(diagnosing.id);
      const keys = runs.map((run) => run.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(runs.filter((run) => run.state !== 'done' && run.state !== 'skipped')).toEqual([]);
      // The new primary holds all of it: the writes went there, not to a dead server.
      const onNewPrimary = set.client(after);
      expect(await onNewPrimary.call('ROLE').then((role) => (role as string[])[0])).toBe('master');
      // The approval waited for a replica (WAIT 1) before it was acted on.
      expect(String(await onNewPrimary.call('INFO', 'commandstats'))).toMatch(/cmdstat_wait:calls=[1-9]/);
      expect(failoverMs).toBeGreaterThan(0);
      process.stdout.write(`sentinel failover: new primary named ${failoverMs} ms after SIGKILL\n`);
      // A failover, then three incidents each to their end: on a loaded machine more than the 60 s default.
    }, 150_000);

    it('serves Slack across a failover while an approval is pending: Approve after it, every message posted once', async () => {
      const { e2e, message, current } = await approvalWaiting(set);
      try {
        await set.serverOn(current).kill();
        await set.failedOverFrom(current);
        expect((await click(e2e, ONCALL, CHANNEL, message, APPROVE)).status).toBe(200);
        await resolvedWithOneOfEverything(e2e);
      } finally {
        await e2e.close();
      }
    });

    it('SIGKILL of the primary right after an Approve click: the decision is kept, or the thread asks again; one of everything', async () => {
      const { e2e, message, current } = await approvalWaiting(set);
      try {
        expect((await click(e2e, ONCALL, CHANNEL, message, APPROVE)).status).toBe(200);
        await set.serverOn(current).kill();
        await set.failedOverFrom(current);
        // Kept (WAIT had a replica hold it), or lost and asked again in the thread: never silent.
        const outcome = await waitFor(
          () => {
            if (cardOf(e2e, 'INC-0001')?.text.includes('Resolved')) return 'kept';
            const shown = e2e.emulator.message(CHANNEL, message.ts);
            return shown && JSON.stringify(shown.blocks).includes(LOST_DECISION_NOTICE)
              ? 'asked again'
              : undefined;
          },
          { timeoutMs: 60_000, what: 'the incident to resolve or the thread to ask again' },
        );
        if (outcome === 'asked again') {
          const again = e2e.emulator.message(CHANNEL, message.ts);
          if (!again) throw new Error('the approval message is gone');
          expect((await click(e2e, ONCALL, CHANNEL, again, APPROVE)).status).toBe(200);
        }
        await resolvedWithOneOfEverything(e2e);
        process.stdout.write(`sentinel: primary SIGKILLed right after Approve: decision ${outcome}\n`);
      } finally {
        await e2e.close();
      }
    });

    // Last: it leaves the set without a primary.
    it('answers /readyz 503 with no primary to name, and shuts down all the same', async () => {
      const e2e = await startE2E({ env: sentinelEnv(set) });
      try {
        expect((await fetch(`${e2e.warroom.url}/readyz`)).status).toBe(200);
        await Promise.all([set.primary.kill(), set.replica.kill()]);
        const ready = await fetch(`${e2e.warroom.url}/readyz`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toMatchObject({ ok: false, redis: false });
      } finally {
        // Workers, queues and connections close with no primary (this used to hang).
        await e2e.close();
      }
    });
  },
);

/**
 * The server a case before killed comes back as a replica of the primary, then through Slack:
 * `/inject`, and the approval message waiting in the thread.
 */
async function approvalWaiting(set: SentinelSet) {
  const current = await set.primaryPort();
  const killedBefore = [set.primary, set.replica].find((server) => server.port !== current);
  if (killedBefore) await set.rejoin(killedBefore);
  const e2e = await startE2E({ env: sentinelEnv(set) });
  try {
    await slashInject(e2e, 'crash api');
    const { message } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (shown) =>
      hasButton(shown, APPROVE),
    );
    return { e2e, message, current };
  } catch (error) {
    await e2e.close();
    throw error;
  }
}

/** Resolved, the decision applied once, one card, and no thread message posted twice across the failover. */
async function resolvedWithOneOfEverything(e2e: E2E) {
  const card = await waitForCard(e2e, 'INC-0001', 'Resolved', 60_000);
  await threadMessage(e2e, CHANNEL, 'INC-0001', 'resolution');
  const timeline = await e2e.warroom.runtime.ctx.timeline.read('INC-0001');
  expect(timeline.filter((entry) => entry.type === 'decision')).toHaveLength(1);
  expect(e2e.emulator.messages(CHANNEL)).toHaveLength(1);
  const keys = e2e.emulator.thread(CHANNEL, card.ts).map(keyOf);
  expect(keys.length).toBeGreaterThan(2);
  expect(new Set(keys).size).toBe(keys.length);
}

function sentinelEnv(set: SentinelSet): Record<string, string> {
  return {
    REDIS_SENTINELS: set.sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join(','),
    REDIS_SENTINEL_NAME: SENTINEL_SET_NAME,
    REDIS_WAIT_REPLICA_MS: '200',
  };
}
