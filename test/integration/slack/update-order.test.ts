import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesiredMessage } from '../../../src/slack/outbox/desired-message.js';
import { approvalKey, MESSAGE_KEYS } from '../../../src/slack/outbox/message-keys.js';
import type { SyncRun } from '../../../src/slack/outbox/outbox-deps.js';
import { digestOf } from '../../../src/slack/outbox/post-once.js';
import { updateChanged } from '../../../src/slack/outbox/sync.js';
import type { MessageRecord } from '../../../src/store/message-records.js';
import { createTestRuntime, silentLogger, type TestRuntime } from '../../support/test-runtime.js';

const INCIDENT = 'INC-0001';
const render = (text: string) => ({ text, blocks: [] });

describe('updating an incident’s posted messages (slot claims on the real Redis)', () => {
  let rt: TestRuntime;
  let updates: string[];
  let parkedMs: number[];
  let sync: SyncRun;
  beforeEach(() => {
    rt = createTestRuntime();
    updates = [];
    parkedMs = [];
    sync = {
      redis: rt.redis,
      keys: rt.keys,
      logger: silentLogger(),
      postIntervalMs: 1000,
      updateIntervalMs: 1000,
      slack: {
        call: async (method: string, args: Record<string, unknown>) => {
          updates.push(`${method} ${String(args.text)}`);
          return { ok: true } as never;
        },
      },
      records: { put: async () => undefined },
      park: async (ms: number) => {
        parkedMs.push(ms);
        throw new Error(`parked for ${ms} ms`);
      },
    } as unknown as SyncRun;
  });
  afterEach(async () => {
    await rt.dispose();
  });

  /** The card and the approval message, posted `agoMs` ago each, both rendered anew as Resolved. */
  function lane(agoMs: { card: number; approval: number }) {
    const desired: DesiredMessage[] = [
      { key: MESSAGE_KEYS.card, placement: 'root', message: render('card: Resolved') },
      { key: approvalKey(1), placement: 'thread', message: render('approval: approved') },
    ];
    const record = (ts: string, ago: number): MessageRecord => ({
      ts,
      channel: 'C1',
      digest: digestOf(render('before')),
      revision: 1,
      updatedAtMs: Date.now() - ago,
    });
    const records = new Map([
      [MESSAGE_KEYS.card, record('1.1', agoMs.card)],
      [approvalKey(1), record('1.2', agoMs.approval)],
    ]);
    return { incidentId: INCIDENT, desired, records, revision: 2 };
  }

  it('updates the approval message before the card, though the card comes first among the messages', async () => {
    const report = { posted: [], updated: [] as string[], reconciled: [] };
    const both = lane({ card: 5000, approval: 5000 });
    // The channel takes one update at a time: the sync parks after the first, and runs again.
    await expect(updateChanged(sync, both, report)).rejects.toThrow(/parked/);
    expect(updates).toEqual(['chat.update approval: approved']);
    await new Promise((resolve) => setTimeout(resolve, (parkedMs[0] ?? 0) + 200));
    expect(await updateChanged(sync, both, report)).toBe(0);
    expect(updates).toEqual(['chat.update approval: approved', 'chat.update card: Resolved']);
  });

  it('holds the card while the approval message must wait for its next update, and says how long', async () => {
    const report = { posted: [], updated: [] as string[], reconciled: [] };
    const waitMs = await updateChanged(sync, lane({ card: 5000, approval: 400 }), report);
    // The card is due, but it would say Resolved while the approval message still shows its buttons.
    expect(updates).toEqual([]);
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(600);
  });
});
