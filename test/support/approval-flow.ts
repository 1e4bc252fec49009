import { expect } from 'vitest';
import { findAction } from '../../src/dev/slack-driver/index.js';
import type { StoredMessage } from '../../src/dev/slack-emulator/index.js';
import type { MessageKey } from '../../src/slack/outbox/message-keys.js';
import type { E2E } from './e2e.js';
import { waitFor } from './test-runtime.js';

export function keyOf(message: StoredMessage): unknown {
  return message.metadata?.event_payload?.key;
}

/** The incident's card and the thread message with `key`, once it exists (and `ready` holds). */
export async function threadMessage(
  e2e: E2E,
  channel: string,
  incidentId: string,
  key: MessageKey,
  ready: (message: StoredMessage) => boolean = () => true,
  timeoutMs = 30_000,
) {
  return waitFor(
    () => {
      const card = e2e.emulator
        .messages(channel)
        .find((message) => message.text.startsWith(`${incidentId} · `));
      if (!card) return undefined;
      const found = e2e.emulator.thread(channel, card.ts).find((message) => keyOf(message) === key);
      const current = found ? e2e.emulator.message(channel, found.ts) : undefined;
      return current && ready(current) ? { card, message: current } : undefined;
    },
    { timeoutMs, what: `${incidentId}'s ${key} message` },
  );
}

export function buttonValue(message: StoredMessage, actionId: string): string | undefined {
  const blocks = (message.blocks ?? []) as Array<Record<string, unknown>>;
  for (const block of blocks) {
    const elements = Array.isArray(block.elements) ? (block.elements as Array<Record<string, unknown>>) : [];
    const match = elements.find((element) => element.action_id === actionId);
    if (match) return String(match.value);
  }
  return undefined;
}

export function hasButton(message: StoredMessage, actionId: string): boolean {
  return findAction(message.blocks, actionId) !== undefined;
}

export async function click(
  e2e: E2E,
  userId: string,
  channel: string,
  message: StoredMessage,
  actionId: string,
) {
  const value = buttonValue(message, actionId);
  if (!value) throw new Error(`No ${actionId} button on message ${message.ts}`);
  return e2e.driver.blockAction({
    userId,
    channelId: channel,
    messageTs: message.ts,
    threadTs: message.threadTs,
    actionId,
    value,
  });
}

/** Submits the modal `userId` has open with `callbackId`, filling `values` (block → input → text). */
export async function submitModal(
  e2e: E2E,
  userId: string,
  callbackId: string,
  values: Record<string, Record<string, string>>,
) {
  const opened = await waitFor(
    () =>
      e2e.emulator
        .views()
        .filter(
          (record) =>
            record.action === 'opened' && record.user === userId && record.view.callback_id === callbackId,
        )
        .at(-1),
    { what: `the ${callbackId} modal` },
  );
  const state = Object.fromEntries(
    Object.entries(values).map(([block, inputs]) => [
      block,
      Object.fromEntries(
        Object.entries(inputs).map(([input, value]) => [input, { type: 'plain_text_input', value }]),
      ),
    ]),
  );
  return e2e.driver.viewSubmission({
    userId,
    view: {
      id: opened.viewId,
      callback_id: callbackId,
      private_metadata: String(opened.view.private_metadata ?? ''),
      state: { values: state },
    },
  });
}

/** Ephemeral texts sent to `userId` through response URLs (what Bolt's respond() does). */
export function ephemeralsFor(e2e: E2E, userId: string): string[] {
  return e2e.emulator
    .responseUrlPosts()
    .filter((post) => post.user === userId)
    .map((post) => String((post.body as { text?: string }).text ?? ''));
}

/** A slash command from `userId`: the private answer it acks with (refused unless ephemeral). */
export async function privateAnswer(
  e2e: E2E,
  command: { command: string; text: string; userId: string; channelId: string },
): Promise<string> {
  const response = await e2e.driver.slashCommand(command);
  expect(response.status).toBe(200);
  const body = response.json as { response_type?: string; text?: string };
  expect(body.response_type).toBe('ephemeral');
  return body.text ?? '';
}
