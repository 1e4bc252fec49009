import type { SlackEmulator } from '../src/dev/slack-emulator/index.js';
import type { CallRecord, StoredMessage } from '../src/dev/slack-emulator/types.js';
import { approvalKey } from '../src/slack/outbox/message-keys.js';
import { type Bench, inject, startBench as startSlackBench } from './slack-bench.js';
import { line, median } from './support.js';

const WRITE_METHODS = [
  'chat.postMessage',
  'chat.update',
  'chat.delete',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
  'chat.startStream',
  'chat.appendStream',
  'chat.stopStream',
  'assistant.threads.setStatus',
];
const GIVE_UP_MS = 40_000;
const LOOK_EVERY_MS = 20;

/** Fifteen different faults on different services: none is a duplicate of another. */
const STORM = [
  'crash api',
  'slow database',
  'bad_config auth',
  'memory_leak worker',
  'disk_full storage',
  'network_partition network',
  'cache_stampede cache',
  'web_5xx web-edge',
  'dependency_down api',
  'crash cache',
  'slow auth',
  'bad_config worker',
  'memory_leak api',
  'crash worker',
  'crash auth',
];

export interface ApprovalTiming {
  incidentId: string;
  channel: string;
  /** From the /inject request to the card's ts on the emulator's clock. */
  cardMs: number;
  /** From the /inject request to the approval message's ts on the emulator's clock. */
  approvalMs: number;
  /** Where the approval message sits in the thread (1: the first reply). */
  approvalPosition: number;
  /** Slack writes for this incident up to its approval message, by method. */
  writes: Record<string, number>;
}

const tsMs = (ts: string) => Number(ts) * 1000;
const keyOf = (message: StoredMessage) => message.metadata?.event_payload?.key;

interface Found {
  card: StoredMessage;
  thread: StoredMessage[];
  approval: StoredMessage;
}

/** Each card of `channels` whose thread holds its first approval message, by incident id. */
function approvalsIn(emulator: SlackEmulator, channels: readonly string[]): Map<string, Found> {
  const found = new Map<string, Found>();
  for (const channel of channels) {
    for (const card of emulator.messages(channel)) {
      const thread = emulator.thread(channel, card.ts);
      const approval = thread.find((message) => keyOf(message) === approvalKey(1));
      const id = /^INC-\d+/.exec(card.text)?.[0];
      if (approval && id) found.set(id, { card, thread, approval });
    }
  }
  return found;
}

async function untilApprovals(emulator: SlackEmulator, channels: readonly string[], count: number) {
  const deadline = Date.now() + GIVE_UP_MS;
  for (;;) {
    const found = approvalsIn(emulator, channels);
    if (found.size >= count) return found;
    if (Date.now() > deadline) {
      const cards = channels.flatMap((channel) => emulator.messages(channel));
      const missing = cards.filter((card) => ![...found.values()].some((entry) => entry.card.ts === card.ts));
      const shown = missing.map((card) => card.text.slice(0, 80)).join('; ');
      throw new Error(`only ${found.size} of ${count} approval messages appeared; without: ${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
  }
}

/** The incident a write was about: its metadata, its thread, or the message it edits. */
function writesOf(calls: CallRecord[], incidentId: string, found: Found): Record<string, number> {
  const own = new Set([found.card.ts, ...found.thread.map((message) => message.ts)]);
  const upTo = tsMs(found.approval.ts);
  const counts: Record<string, number> = {};
  for (const call of calls) {
    if (!WRITE_METHODS.includes(call.method) || call.at > upTo) continue;
    const { params } = call;
    const metadata = params.metadata as { event_payload?: { incident_id?: string } } | undefined;
    const mine =
      metadata?.event_payload?.incident_id === incidentId ||
      own.has(String(params.ts ?? '')) ||
      own.has(String(params.thread_ts ?? '')) ||
      String(params.filename ?? '').startsWith(`${incidentId}-`);
    if (mine) counts[call.method] = (counts[call.method] ?? 0) + 1;
  }
  return counts;
}

function timingsOf(bench: Bench, found: Map<string, Found>, sentAt: number): ApprovalTiming[] {
  const calls = bench.emulator.calls();
  return [...found.entries()].map(([incidentId, entry]) => ({
    incidentId,
    channel: entry.card.channel,
    cardMs: tsMs(entry.card.ts) - sentAt,
    approvalMs: tsMs(entry.approval.ts) - sentAt,
    approvalPosition: entry.thread.indexOf(entry.approval) + 1,
    writes: writesOf(calls, incidentId, entry),
  }));
}

const startBench = () => startSlackBench('approval', { INCIDENT_CHANNELS: 'off' });

/**
 * One incident at a time, each on a channel nobody posted in: the floor a person waits. The first
 * after start also pays for warming up (modules, connections, JIT); it is reported on its own.
 */
export async function measureOneIncident(
  runs: number,
): Promise<{ cold: ApprovalTiming[]; warm: ApprovalTiming[] }> {
  const bench = await startBench();
  try {
    const timings: ApprovalTiming[] = [];
    for (let run = 0; run <= runs; run++) {
      const channel = `C0IDLE${run}`;
      const sentAt = Date.now();
      await inject(bench, STORM[run % STORM.length] ?? 'crash api', channel, `U0ONCALL${run}`);
      timings.push(...timingsOf(bench, await untilApprovals(bench.emulator, [channel], 1), sentAt));
    }
    return { cold: timings.slice(0, 1), warm: timings.slice(1) };
  } finally {
    await bench.close();
  }
}

/** Fifteen /inject at once, three to a channel over five channels: approvals compete for slots. */
export async function measureStorm(): Promise<ApprovalTiming[]> {
  const bench = await startBench();
  const channels = ['C0STORM1', 'C0STORM2', 'C0STORM3', 'C0STORM4', 'C0STORM5'];
  try {
    const sentAt = Date.now();
    await Promise.all(
      STORM.map((text, index) =>
        inject(bench, text, channels[index % channels.length] ?? 'C0STORM1', `U0USER${index}`),
      ),
    );
    return timingsOf(bench, await untilApprovals(bench.emulator, channels, STORM.length), sentAt);
  } finally {
    await bench.close();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function writesLine(timings: ApprovalTiming[]): string {
  const methods = [...new Set(timings.flatMap((timing) => Object.keys(timing.writes)))].sort();
  const perIncident = (method: string) =>
    timings.reduce((sum, timing) => sum + (timing.writes[method] ?? 0), 0) / timings.length;
  const total = methods.reduce((sum, method) => sum + perIncident(method), 0);
  const parts = methods.map((method) => `${method} ${perIncident(method).toFixed(1)}`);
  return `${total.toFixed(1)} (${parts.join(', ')})`;
}

const ONE_INCIDENT_RUNS = 3;

/** `npm run bench`'s section: time to the approval message, measured from outside on Slack's clock. */
export async function printTimeToApproval(): Promise<void> {
  const { cold, warm } = await measureOneIncident(ONE_INCIDENT_RUNS);
  line(
    `time to approval message, 1 incident, idle channel (${warm.length} runs)`,
    `${warm.map((timing) => seconds(timing.approvalMs)).join(', ')} (target <= 1.5 s)`,
  );
  line('  its card', warm.map((timing) => seconds(timing.cardMs)).join(', '));
  line(
    '  the first incident after start (warming up)',
    cold.map((timing) => seconds(timing.approvalMs)).join(', '),
  );
  line('  its place in the thread', warm.map((timing) => `#${timing.approvalPosition}`).join(', '));
  line('  Slack writes up to it, per incident', writesLine(warm));

  const storm = await measureStorm();
  const approvals = storm.map((timing) => timing.approvalMs);
  const cards = storm.map((timing) => timing.cardMs);
  line(
    '15 incidents at once, 3 per channel x 5: approval p50',
    `${seconds(median(approvals))} (target <= 5 s)`,
  );
  line('  approval max', `${seconds(Math.max(...approvals))} (target <= 8 s)`);
  line('  cards p50 / max', `${seconds(median(cards))} / ${seconds(Math.max(...cards))}`);
  line(
    '  approval place in the thread (max)',
    `#${Math.max(...storm.map((timing) => timing.approvalPosition))}`,
  );
  line('  Slack writes up to it, per incident', writesLine(storm));
}

/** `npx tsx bench/time-to-approval.ts`: this section alone. */
if (import.meta.url === `file://${process.argv[1]}`) {
  printTimeToApproval().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
