import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { emulatorClient } from '../../support/emulator-client.js';

let emu: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  emu = await startSlackEmulator({ postBurst: 1000 });
  client = emulatorClient(emu.url);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const metadata = { event_type: 'incident_opened', event_payload: { incident_id: 'INC-7' } };

describe('Slack emulator: reading back', () => {
  it('returns a thread with conversations.replies, metadata only when asked', async () => {
    const root = await client.chat.postMessage({ channel: 'C1', text: 'INC-7', metadata });
    const rootTs = root.ts as string;
    await client.chat.postMessage({ channel: 'C1', text: 'bot note', thread_ts: rootTs });
    emu.postAsUser({ channel: 'C1', user: 'U0ANN', text: 'I am on it', threadTs: rootTs });

    const plain = await client.conversations.replies({ channel: 'C1', ts: rootTs });
    expect(plain.messages?.map((m) => m.text)).toEqual(['INC-7', 'bot note', 'I am on it']);
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
    expect(plain.messages?.[0]).toMatchObject({ reply_count: 2, reply_users: ['U0WARBOT', 'U0ANN'] });
    expect(plain.messages?.[2]).toMatchObject({ user: 'U0ANN', thread_ts: rootTs });
    expect(plain.messages?.[2]).not.toHaveProperty('bot_id');

    const withMeta = await client.conversations.replies({
      channel: 'C1',
      ts: rootTs,
      include_all_metadata: true,
    });
    expect(withMeta.messages?.[0]?.metadata).toEqual(metadata);
  });

  it('pages conversations.replies with cursors', async () => {
    const root = await client.chat.postMessage({ channel: 'C1', text: 'root' });
    for (let i = 0; i < 4; i += 1) {
      await client.chat.postMessage({ channel: 'C1', text: `r${i}`, thread_ts: root.ts as string });
    }
    const first = await client.conversations.replies({ channel: 'C1', ts: root.ts as string, limit: 2 });
    expect(first.has_more).toBe(true);
    const cursor = first.response_metadata?.next_cursor as string;
    const second = await client.conversations.replies({
      channel: 'C1',
      ts: root.ts as string,
      limit: 2,
      cursor,
    });
    const third = await client.conversations.replies({
      channel: 'C1',
      ts: root.ts as string,
      limit: 2,
      cursor: second.response_metadata?.next_cursor as string,
    });
    expect([first, second, third].flatMap((p) => p.messages?.map((m) => m.text))).toEqual([
      'root',
      'r0',
      'r1',
      'r2',
      'r3',
    ]);
    expect(third.has_more).toBe(false);
    const pages = [];
    for await (const page of client.paginate('conversations.replies', {
      channel: 'C1',
      ts: root.ts,
      limit: 2,
    })) {
      pages.push(page);
    }
    expect(pages).toHaveLength(3);
  });

  it('returns channel history newest first within oldest/latest, with metadata when asked', async () => {
    const a = await client.chat.postMessage({ channel: 'C1', text: 'a', metadata });
    const b = await client.chat.postMessage({ channel: 'C1', text: 'b' });
    await client.chat.postMessage({ channel: 'C1', text: 'reply', thread_ts: b.ts as string });
    const c = await client.chat.postMessage({ channel: 'C1', text: 'c' });
    const all = await client.conversations.history({ channel: 'C1', include_all_metadata: true });
    expect(all.messages?.map((m) => m.text)).toEqual(['c', 'b', 'a']);
    expect(all.messages?.[2]?.metadata).toEqual(metadata);
    expect(all.messages?.[1]).toMatchObject({ reply_count: 1, thread_ts: b.ts });
    const window = await client.conversations.history({ channel: 'C1', oldest: a.ts, latest: c.ts });
    expect(window.messages?.map((m) => m.text)).toEqual(['b']);
    const inclusive = await client.conversations.history({
      channel: 'C1',
      oldest: a.ts,
      inclusive: true,
      limit: 2,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['c', 'b']);
    expect(inclusive.has_more).toBe(true);
  });

  it('reports unknown threads and channels', async () => {
    await expect(client.conversations.replies({ channel: 'C1', ts: '1.000001' })).rejects.toMatchObject({
      data: { error: 'thread_not_found' },
    });
    await expect(client.conversations.history({ channel: 'Z1' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('uploads a file in three steps (filesUploadV2) and keeps the bytes', async () => {
    const root = await client.chat.postMessage({ channel: 'C1', text: 'INC-7' });
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const result = await client.filesUploadV2({
      channel_id: 'C1',
      thread_ts: root.ts as string,
      file: bytes,
      filename: 'latency.png',
      title: 'p99 latency',
      initial_comment: 'chart',
    });
    expect(result.ok).toBe(true);
    const [file] = emu.files();
    expect(file).toMatchObject({
      filename: 'latency.png',
      title: 'p99 latency',
      completed: true,
      channel: 'C1',
    });
    expect(file?.bytes?.equals(bytes)).toBe(true);
    expect(file?.declaredLength).toBe(bytes.length);
    const [shared] = emu.thread('C1', root.ts as string);
    expect(shared).toMatchObject({ text: 'chart', files: [{ id: file?.id, name: 'latency.png' }] });
    expect(emu.calls().map((c) => c.method)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
  });

  it('refuses to complete a file that was never uploaded', async () => {
    const url = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 3 });
    await expect(
      client.files.completeUploadExternal({ files: [{ id: url.file_id as string }], channel_id: 'C1' }),
    ).rejects.toMatchObject({ data: { error: 'file_not_found' } });
  });
});
