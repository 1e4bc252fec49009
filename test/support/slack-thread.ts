import type { SlackEmulator } from '../../src/dev/slack-emulator/index.js';
import { waitFor } from './test-runtime.js';

export const WRITE_METHODS = [
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.delete',
  'reactions.add',
  'chat.startStream',
  'chat.appendStream',
  'chat.stopStream',
  'assistant.threads.setStatus',
];

/** The incident's card and its thread, once the thread holds at least `minReplies` messages. */
export async function settledIncident(
  emulator: SlackEmulator,
  channel: string,
  incidentId: string,
  status: string,
  minReplies: number,
  timeoutMs = 30_000,
) {
  return waitFor(
    () => {
      const card = emulator.messages(channel).find((message) => message.text.startsWith(`${incidentId} · `));
      if (!card?.text.startsWith(`${incidentId} · ${status}`)) return undefined;
      const thread = emulator.thread(channel, card.ts);
      return thread.length >= minReplies ? { card, thread } : undefined;
    },
    { timeoutMs, what: `${incidentId} to reach ${status} with ${minReplies} thread messages` },
  );
}

/** Each thread message's outbox key; a shared file (the RCA chart) shows as `chart`. */
export function threadKeys(
  thread: Array<{
    metadata?: { event_payload?: Record<string, unknown> } | undefined;
    files?: unknown[] | undefined;
  }>,
) {
  return thread.map(
    (message) => message.metadata?.event_payload?.key ?? (message.files?.length ? 'chart' : undefined),
  );
}
