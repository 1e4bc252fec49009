/**
 * Slack Web API writes per incident over its whole life, by method, from the emulator's call log:
 * `/inject full` (a sev1) → diagnosis → the approval message → an approver's click → remediation →
 * verification → Resolved → what follows the close (the summary, and with an incident channel its
 * canvas and archive, the delay shortened). One run with INCIDENT_CHANNELS=off, one with the sev1's
 * own channel. `npm run bench -- --only slack-writes` prints this section alone.
 */
import type { CallRecord, StoredMessage } from '../src/dev/slack-emulator/types.js';
import type { Status } from '../src/domain/status.js';
import { QUEUE_NAMES } from '../src/pipeline/job-catalog.js';
import { APPROVE } from '../src/slack/action-ids.js';
import { approvalKey } from '../src/slack/outbox/message-keys.js';
import { type Bench, inject, startBench } from './slack-bench.js';

const CHANNEL = 'C0OPS';
const APPROVER = 'U0APPROVER';
const INCIDENT = 'INC-0001';
const GIVE_UP_MS = 90_000;
const LOOK_EVERY_MS = 50;
/** The log is still this long after the close (and the queues empty): the incident is done writing. */
const QUIET_MS = 1500;
/**
 * 18 s: the incident channel's archive, shortened so it is part of the run, yet after the thread's
 * last post at Slack's pace (an archive before it sends what is left to the main channel's thread).
 */
const ARCHIVE_HOURS = '0.005';
const CLOSED: readonly Status[] = ['Resolved', 'Partially_Resolved', 'Needs_Followup'];

/** Reads: every other method Warroom calls changes something in the workspace. */
const READ = /^(auth|users|team|bots)\.|\.(info|list|history|replies|members)$/;

export interface LifecycleWrites {
  label: string;
  /** Calls per method (refused calls included: they count against the rate limits). */
  byMethod: Map<string, number>;
  refused: number;
  responseUrlPosts: number;
  finalStatus: string;
  seconds: number;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + GIVE_UP_MS;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
  }
}

function approveValue(message: StoredMessage): string | undefined {
  const stack: unknown[] = [...(message.blocks ?? [])];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    if (record.action_id === APPROVE && typeof record.value === 'string') return record.value;
    stack.push(...Object.values(record));
  }
  return undefined;
}

/** The first approval message with its Approve button, in whichever channel holds the incident's thread. */
function approvalMessage(bench: Bench): StoredMessage | undefined {
  const channels = new Set([CHANNEL, ...bench.emulator.channels().map((channel) => channel.id)]);
  for (const channel of channels) {
    for (const card of bench.emulator.messages(channel)) {
      if (!card.text.startsWith(`${INCIDENT} · `)) continue;
      const found = bench.emulator
        .thread(channel, card.ts)
        .find((message) => message.metadata?.event_payload?.key === approvalKey(1));
      const current = found && bench.emulator.message(channel, found.ts);
      if (current && approveValue(current)) return current;
    }
  }
  return undefined;
}

/** No job waiting or running (timers that wait for people aside), and no Slack call for QUIET_MS. */
async function quiet(bench: Bench): Promise<void> {
  const { queues } = bench.warroom.runtime.ctx;
  let calls = -1;
  let since = Date.now();
  await until('Slack to go quiet', async () => {
    const now = bench.emulator.calls().length;
    if (now !== calls) [calls, since] = [now, Date.now()];
    if (Date.now() - since < QUIET_MS) return undefined;
    for (const name of Object.values(QUEUE_NAMES)) {
      const counts = await queues
        .queue(name)
        .getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      if (Object.values(counts).some((count) => count > 0)) return undefined;
    }
    return true;
  });
}

function tally(calls: readonly CallRecord[]) {
  const byMethod = new Map<string, number>();
  let refused = 0;
  for (const call of calls) {
    if (READ.test(call.method)) continue;
    byMethod.set(call.method, (byMethod.get(call.method) ?? 0) + 1);
    if (call.ok === false) refused += 1;
  }
  return { byMethod, refused };
}

/** One incident from /inject to its last Slack write, on a fresh app and workspace. */
export async function measureLifecycle(label: string, env: Record<string, string>): Promise<LifecycleWrites> {
  const bench = await startBench('slack-writes', {
    APPROVERS: APPROVER,
    INCIDENT_CHANNEL_ARCHIVE_HOURS: ARCHIVE_HOURS,
    ...env,
  });
  try {
    const { ctx } = bench.warroom.runtime;
    const startedAt = Date.now();
    await inject(bench, 'full', CHANNEL, APPROVER);
    const approval = await until('the approval message', () => approvalMessage(bench));
    const clicked = await bench.driver.blockAction({
      userId: APPROVER,
      channelId: approval.channel,
      messageTs: approval.ts,
      threadTs: approval.threadTs,
      actionId: APPROVE,
      value: approveValue(approval) ?? '',
    });
    if (clicked.status !== 200) throw new Error(`the Approve click answered ${clicked.status}`);
    const closed = await until('the close', async () => {
      const ticket = await ctx.tickets.get(INCIDENT);
      return ticket && CLOSED.includes(ticket.status) ? ticket : undefined;
    });
    if (closed.room?.state === 'open') {
      await until('the archive', async () => {
        const room = (await ctx.tickets.get(INCIDENT))?.room;
        return room?.state === 'open' && room.archivedAt ? true : undefined;
      });
    }
    await quiet(bench);
    const { byMethod, refused } = tally(bench.emulator.calls());
    return {
      label,
      byMethod,
      refused,
      responseUrlPosts: bench.emulator.responseUrlPosts().length,
      finalStatus: closed.status,
      seconds: (Date.now() - startedAt) / 1000,
    };
  } finally {
    await bench.close();
  }
}

/** One column per run, one row per method, the sum last. */
function table(runs: readonly LifecycleWrites[]): string {
  const methods = [...new Set(runs.flatMap((run) => [...run.byMethod.keys()]))].sort();
  const width = Math.max(...methods.map((method) => method.length + 2), 14);
  const row = (label: string, cells: readonly (string | number)[]) =>
    `  ${label.padEnd(width)}${cells.map((cell) => String(cell).padStart(14)).join('')}`;
  return [
    row(
      'method',
      runs.map((run) => run.label),
    ),
    ...methods.map((method) =>
      row(
        method,
        runs.map((run) => run.byMethod.get(method) ?? 0),
      ),
    ),
    row(
      'all writes',
      runs.map((run) => [...run.byMethod.values()].reduce((sum, count) => sum + count, 0)),
    ),
  ].join('\n');
}

/** `npm run bench`'s section: the Slack writes one incident makes over its whole life, by method. */
export async function printSlackWrites(): Promise<void> {
  const runs = [
    await measureLifecycle('channels off', { INCIDENT_CHANNELS: 'off' }),
    await measureLifecycle('sev1 channel', { INCIDENT_CHANNELS: 'sev1' }),
  ];
  process.stdout.write(
    '\nSlack Web API writes per incident, whole life (/inject full, a sev1: diagnosis, approval click,\n' +
      'remediation, verification, close, and the incident channel archived), by method:\n' +
      `${table(runs)}\n`,
  );
  for (const run of runs) {
    process.stdout.write(
      `  ${run.label}: ${run.finalStatus} after ${run.seconds.toFixed(1)} s; ${run.refused} refused by Slack's limits (counted above); ` +
        `${run.responseUrlPosts} response_url posts (not Web API)\n`,
    );
  }
}
