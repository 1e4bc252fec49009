import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { emulatorClient } from '../../support/emulator-client.js';
import { silentSlackLogger } from '../../support/silent-slack-logger.js';

let emu: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  emu = await startSlackEmulator({ postBurst: 1000 });
  client = emulatorClient(emu.url);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function slackError(
  call: Promise<unknown>,
): Promise<{ error: string; messages: string[] | undefined }> {
  try {
    await call;
  } catch (err) {
    const data = (err as { data?: { error: string; response_metadata?: { messages?: string[] } } }).data;
    if (data) return { error: data.error, messages: data.response_metadata?.messages };
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('Slack emulator: chat', () => {
  it('answers auth.test with the bot identity', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: 'U0WARBOT', bot_id: 'B0WARBOT', team_id: 'T0WARROOM' });
    expect(auth.url).toMatch(/^https:\/\//);
  });

  it('posts messages with increasing Slack-looking ts and keeps them in order', async () => {
    const first = await client.chat.postMessage({
      channel: 'C0INC',
      text: 'one',
      blocks: [{ type: 'divider' }],
    });
    const second = await client.chat.postMessage({ channel: 'C0INC', text: 'two' });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first).toMatchObject({ ok: true, channel: 'C0INC', message: { text: 'one', bot_id: 'B0WARBOT' } });
    expect(emu.messages('C0INC').map((m) => m.text)).toEqual(['one', 'two']);
    expect(emu.messages('C0INC')[0]?.blocks).toEqual([{ type: 'divider' }]);
    const call = emu.calls('chat.postMessage')[0];
    expect(call).toMatchObject({
      status: 200,
      ok: true,
      params: { channel: 'C0INC', blocks: [{ type: 'divider' }] },
    });
  });

  it('threads replies under their root and records replies to unknown roots', async () => {
    const root = await client.chat.postMessage({ channel: 'C0INC', text: 'root' });
    const rootTs = root.ts as string;
    const reply = await client.chat.postMessage({ channel: 'C0INC', text: 'r1', thread_ts: rootTs });
    await client.chat.postMessage({ channel: 'C0INC', text: 'r2', thread_ts: rootTs, reply_broadcast: true });
    expect(reply.message).toMatchObject({ thread_ts: rootTs, parent_user_id: 'U0WARBOT' });
    expect(emu.thread('C0INC', rootTs).map((m) => m.text)).toEqual(['r1', 'r2']);
    expect(emu.messages('C0INC').map((m) => m.text)).toEqual(['root', 'r2']);
    const orphan = await client.chat.postMessage({ channel: 'C0INC', text: 'lost', thread_ts: '1.000001' });
    expect(orphan.ok).toBe(true);
    expect(emu.message('C0INC', orphan.ts as string)?.threadRootMissing).toBe(true);
  });

  it('updates a message and keeps its edit history', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0INC', text: 'v1' });
    const ts = posted.ts as string;
    await client.chat.update({ channel: 'C0INC', ts, text: 'v2' });
    const updated = await client.chat.update({
      channel: 'C0INC',
      ts,
      text: 'v3',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*v3*' } }],
    });
    expect(updated).toMatchObject({ ok: true, ts, text: 'v3', message: { edited: { user: 'U0WARBOT' } } });
    const message = emu.message('C0INC', ts);
    expect(message?.original.text).toBe('v1');
    expect(message?.edits.map((e) => e.text)).toEqual(['v2', 'v3']);
    expect(message?.edits[1]?.blocks).toHaveLength(1);
    expect(message?.text).toBe('v3');
  });

  it('records ephemerals, reactions, deletes and answers users.info / conversations.info', async () => {
    const posted = await client.chat.postMessage({ channel: 'G0PRIV', text: 'x' });
    const eph = await client.chat.postEphemeral({ channel: 'G0PRIV', user: 'U1', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(emu.ephemerals('G0PRIV')).toMatchObject([
      { user: 'U1', text: 'only you', via: 'chat.postEphemeral' },
    ]);
    await client.reactions.add({ channel: 'G0PRIV', timestamp: posted.ts as string, name: 'eyes' });
    expect(
      await slackError(
        client.reactions.add({ channel: 'G0PRIV', timestamp: posted.ts as string, name: 'eyes' }),
      ),
    ).toMatchObject({ error: 'already_reacted' });
    expect(emu.reactions()).toMatchObject([{ channel: 'G0PRIV', name: 'eyes' }]);
    const user = await client.users.info({ user: 'U0ANN' });
    expect(user.user).toMatchObject({ id: 'U0ANN', real_name: 'User 0ANN', name: 'user.0ann' });
    const info = await client.conversations.info({ channel: 'G0PRIV' });
    expect(info.channel).toMatchObject({ id: 'G0PRIV', is_private: true, is_archived: false });
    await client.chat.delete({ channel: 'G0PRIV', ts: posted.ts as string });
    expect(emu.messages('G0PRIV')).toEqual([]);
    expect(emu.message('G0PRIV', posted.ts as string)?.deleted).toBe(true);
  });

  describe('rejections', () => {
    it('refuses missing or wrong tokens', async () => {
      const noToken = new WebClient(undefined, {
        slackApiUrl: emu.url,
        retryConfig: { retries: 0 },
        logger: silentSlackLogger,
      });
      expect(await slackError(noToken.chat.postMessage({ channel: 'C1', text: 'x' }))).toMatchObject({
        error: 'not_authed',
      });
      const bad = emulatorClient(emu.url, { token: 'nope' });
      expect(await slackError(bad.auth.test())).toMatchObject({ error: 'invalid_auth' });
    });

    it('refuses unknown channels, archived channels and empty messages', async () => {
      expect(await slackError(client.chat.postMessage({ channel: 'X123', text: 'x' }))).toMatchObject({
        error: 'channel_not_found',
      });
      emu.archive('C0OLD');
      expect(await slackError(client.chat.postMessage({ channel: 'C0OLD', text: 'x' }))).toMatchObject({
        error: 'is_archived',
      });
      expect(await slackError(client.chat.postMessage({ channel: 'C1' } as never))).toMatchObject({
        error: 'no_text',
      });
    });

    it('refuses text over 40,000 characters, and over 4,000 in chat.update', async () => {
      expect(
        await slackError(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) })),
      ).toMatchObject({
        error: 'msg_too_long',
      });
      const posted = await client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(4_001) });
      expect(
        await slackError(
          client.chat.update({ channel: 'C1', ts: posted.ts as string, text: 'x'.repeat(4_001) }),
        ),
      ).toMatchObject({ error: 'msg_too_long' });
    });

    it('refuses blocks over Block Kit limits with the reasons', async () => {
      const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
      const tooMany = await slackError(client.chat.postMessage({ channel: 'C1', text: 'x', blocks }));
      expect(tooMany).toEqual({
        error: 'invalid_blocks',
        messages: ['[ERROR] must be less than 51 items [json-pointer:/blocks]'],
      });
      const header = [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }];
      expect(
        (await slackError(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: header }))).error,
      ).toBe('invalid_blocks');
    });

    it('refuses malformed blocks JSON and unknown ts for chat.update', async () => {
      const raw = await fetch(`${emu.url}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'channel=C1&text=x&blocks=%5B%7B',
      });
      expect(raw.status).toBe(200);
      expect(await raw.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
      expect(
        await slackError(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' })),
      ).toMatchObject({
        error: 'message_not_found',
      });
    });

    it('accepts JSON bodies as well as forms', async () => {
      const raw = await fetch(`${emu.url}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ channel: 'C1', text: 'json', blocks: [{ type: 'divider' }] }),
      });
      expect(await raw.json()).toMatchObject({ ok: true, channel: 'C1' });
      expect(emu.messages('C1')[0]?.blocks).toEqual([{ type: 'divider' }]);
    });
  });
});
