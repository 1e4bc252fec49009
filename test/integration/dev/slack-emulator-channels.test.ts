import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { caught, emulatorClient } from '../../support/emulator-client.js';

let emu: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  emu = await startSlackEmulator();
  client = emulatorClient(emu.url);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** Slack's error code of a refused call (the client throws on `ok: false`). */
async function refusal(call: Promise<unknown>): Promise<unknown> {
  return ((await caught(call)) as { data?: unknown }).data;
}

describe('Slack emulator: channels the app makes', () => {
  it('creates a channel under Slack’s name rules; a taken name is refused', async () => {
    const created = await client.conversations.create({ name: 'inc-0007-payments-5xx' });
    expect(created.channel).toMatchObject({
      name: 'inc-0007-payments-5xx',
      is_private: false,
      creator: 'U0WARBOT',
    });
    const id = created.channel?.id ?? '';
    expect(emu.channelInfo(id)?.members).toEqual(['U0WARBOT']);
    expect(await refusal(client.conversations.create({ name: 'inc-0007-payments-5xx' }))).toMatchObject({
      error: 'name_taken',
    });
    for (const [name, error] of [
      ['Upper', 'invalid_name_specials'],
      ['a'.repeat(81), 'invalid_name_maxlength'],
      ['--', 'invalid_name_punctuation'],
      ['', 'invalid_name_required'],
    ]) {
      expect(await refusal(client.conversations.create({ name: name ?? '' }))).toMatchObject({ error });
    }
    const listed = await client.conversations.list({ types: 'public_channel,private_channel' });
    expect(listed.channels?.map((channel) => channel.name)).toEqual(['inc-0007-payments-5xx']);
  });

  it('invites (force skips the ones it cannot), sets the topic, archives once', async () => {
    const id = (await client.conversations.create({ name: 'inc-1', is_private: true })).channel?.id ?? '';
    expect(emu.channelInfo(id)?.isPrivate).toBe(true);
    await client.conversations.invite({ channel: id, users: 'U1,U2' });
    expect(await refusal(client.conversations.invite({ channel: id, users: 'U1' }))).toMatchObject({
      error: 'already_in_channel',
    });
    const forced = await client.conversations.invite({ channel: id, users: 'U1,U3,U0WARBOT', force: true });
    expect(forced.errors).toHaveLength(2);
    expect(emu.channelInfo(id)?.members?.sort()).toEqual(['U0WARBOT', 'U1', 'U2', 'U3']);
    await client.conversations.setTopic({ channel: id, topic: 'INC-0001 · sev1 · Diagnosing' });
    expect(
      await refusal(client.conversations.setTopic({ channel: id, topic: 'x'.repeat(251) })),
    ).toMatchObject({
      error: 'too_long',
    });
    expect(emu.channelInfo(id)?.topicHistory).toEqual(['INC-0001 · sev1 · Diagnosing']);
    await client.conversations.archive({ channel: id });
    expect(emu.channelInfo(id)?.archived).toBe(true);
    expect(await refusal(client.conversations.archive({ channel: id }))).toMatchObject({
      error: 'already_archived',
    });
    expect(await refusal(client.chat.postMessage({ channel: id, text: 'late' }))).toMatchObject({
      error: 'is_archived',
    });
  });

  it('takes one markdown canvas per channel', async () => {
    const id = (await client.conversations.create({ name: 'inc-2' })).channel?.id ?? '';
    const content = { type: 'markdown' as const, markdown: '# Postmortem\n\nAll good.' };
    const canvas = await client.conversations.canvases.create({ channel_id: id, document_content: content });
    expect(canvas.canvas_id).toMatch(/^F/);
    expect(emu.channelInfo(id)?.canvas).toEqual({ id: canvas.canvas_id, markdown: content.markdown });
    expect(
      await refusal(client.conversations.canvases.create({ channel_id: id, document_content: content })),
    ).toMatchObject({ error: 'channel_canvas_already_exists' });
  });

  it('answers missing_scope with the scope needed', async () => {
    emu.setScope('channels:manage', false);
    emu.setScope('groups:write', false);
    emu.setScope('canvases:write', false);
    expect(await refusal(client.conversations.create({ name: 'inc-3' }))).toMatchObject({
      error: 'missing_scope',
      needed: 'channels:manage',
    });
    expect(await refusal(client.conversations.create({ name: 'inc-3', is_private: true }))).toMatchObject({
      needed: 'groups:write',
    });
    expect(
      await refusal(
        client.conversations.canvases.create({
          channel_id: 'C0ANY',
          document_content: { type: 'markdown', markdown: 'x' },
        }),
      ),
    ).toMatchObject({ error: 'missing_scope', needed: 'canvases:write' });
    expect(emu.channels().filter((channel) => channel.name === 'inc-3')).toEqual([]);
  });
});
