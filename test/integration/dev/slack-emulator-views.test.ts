import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { emulatorClient } from '../../support/emulator-client.js';

let clock = 1_732_233_445_000;
let emu: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  emu = await startSlackEmulator({ now: () => clock });
  client = emulatorClient(emu.url);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const modal = (title = 'Declare incident') => ({
  type: 'modal' as const,
  callback_id: 'declare',
  title: plain(title),
  submit: plain('Declare'),
  blocks: [
    {
      type: 'input',
      block_id: 'title',
      label: plain('Title'),
      element: { type: 'plain_text_input', action_id: 'v' },
    },
  ],
});

describe('Slack emulator: views and triggers', () => {
  it('opens a modal with a fresh trigger_id, updates it by id and hash, pushes on top', async () => {
    const opened = await client.views.open({ trigger_id: emu.issueTriggerId('U0ANN'), view: modal() });
    const view = opened.view as { id: string; hash: string; root_view_id: string };
    expect(view.id).toMatch(/^V/);
    const updated = await client.views.update({ view_id: view.id, hash: view.hash, view: modal('Declared') });
    expect((updated.view as { hash: string }).hash).not.toBe(view.hash);
    await expect(
      client.views.update({ view_id: view.id, hash: view.hash, view: modal() }),
    ).rejects.toMatchObject({
      data: { error: 'hash_conflict' },
    });
    const pushed = await client.views.push({
      trigger_id: emu.issueTriggerId('U0ANN'),
      view: modal('Step 2'),
    });
    expect(pushed.view).toMatchObject({ root_view_id: view.id, previous_view_id: view.id });
    expect(emu.views().map((v) => [v.action, v.user])).toEqual([
      ['opened', 'U0ANN'],
      ['updated', 'U0ANN'],
      ['pushed', 'U0ANN'],
    ]);
    await expect(client.views.update({ view_id: 'V404', view: modal() })).rejects.toMatchObject({
      data: { error: 'not_found' },
    });
  });

  it('refuses unknown, reused and expired trigger_ids', async () => {
    await expect(client.views.open({ trigger_id: '1.2.3', view: modal() })).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
    const trigger = emu.issueTriggerId('U0ANN');
    await client.views.open({ trigger_id: trigger, view: modal() });
    await expect(client.views.open({ trigger_id: trigger, view: modal() })).rejects.toMatchObject({
      data: { error: 'exchanged_trigger_id' },
    });
    const late = emu.issueTriggerId('U0ANN');
    clock += 3_001;
    await expect(client.views.open({ trigger_id: late, view: modal() })).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
  });

  it('refuses views over the limits with invalid_arguments', async () => {
    const cases = [
      { ...modal(), title: plain('t'.repeat(25)) },
      { ...modal(), submit: plain('s'.repeat(25)) },
      { ...modal(), close: plain('c'.repeat(25)) },
      { ...modal(), private_metadata: 'm'.repeat(3001) },
      { ...modal(), blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) },
    ];
    for (const view of cases) {
      await expect(client.views.open({ trigger_id: emu.issueTriggerId('U1'), view })).rejects.toMatchObject({
        data: {
          error: 'invalid_arguments',
          response_metadata: { messages: [expect.stringContaining('[ERROR]')] },
        },
      });
    }
  });

  it('publishes Home tabs per user', async () => {
    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Open: 2' } }],
    };
    await client.views.publish({ user_id: 'U0ANN', view: home });
    await client.views.publish({ user_id: 'U0ANN', view: home });
    expect(emu.views()).toMatchObject([
      { action: 'published', user: 'U0ANN' },
      { action: 'published', user: 'U0ANN' },
    ]);
    expect(emu.homeView('U0ANN')?.view.blocks).toEqual(home.blocks);
    await expect(client.views.publish({ user_id: 'U0ANN', view: modal() as never })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
  });
});

describe('Slack emulator: response_url', () => {
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('records ephemeral responses, posts in_channel ones, and allows 5 uses', async () => {
    const url = emu.responseUrl('C1', 'U0ANN');
    expect((await post(url, { text: 'just you' })).status).toBe(200);
    expect((await post(url, { text: 'everyone', response_type: 'in_channel' })).status).toBe(200);
    for (let i = 0; i < 3; i += 1) await post(url, { text: `n${i}` });
    const sixth = await post(url, { text: 'too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    expect(emu.ephemerals('C1').map((e) => [e.text, e.via])).toContainEqual(['just you', 'response_url']);
    expect(emu.messages('C1').map((m) => m.text)).toEqual(['everyone']);
    expect(emu.responseUrlPosts().map((p) => p.ok)).toEqual([true, true, true, true, true, false]);
  });

  it('replaces or deletes the original message', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Ack?' });
    const ts = posted.ts as string;
    await post(emu.responseUrl('C1', 'U0ANN', ts), { replace_original: true, text: 'Acked by Ann' });
    expect(emu.message('C1', ts)?.edits.map((e) => e.text)).toEqual(['Acked by Ann']);
    await post(emu.responseUrl('C1', 'U0ANN', ts), { delete_original: true });
    expect(emu.messages('C1')).toEqual([]);
  });

  it('expires after 30 minutes', async () => {
    const url = emu.responseUrl('C1', 'U0ANN');
    clock += 30 * 60 * 1000 + 1;
    const res = await post(url, { text: 'late' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'expired_url' });
  });
});
