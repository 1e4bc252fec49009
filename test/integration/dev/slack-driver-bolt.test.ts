import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackDriver, type SlackDriver } from '../../../src/dev/slack-driver/index.js';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { silentSlackLogger } from '../../support/silent-slack-logger.js';

const SECRET = 'bolt-signing-secret';
let emu: SlackEmulator;
let app: App;
let driver: SlackDriver;
const seenMessages: string[] = [];
const submitted: string[] = [];
const picks: Array<{ container: string; chosen: string; typed: string | null | undefined }> = [];

/** Waits until `check` passes (listeners run after ack, so effects land a little later). */
async function eventually(check: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

beforeAll(async () => {
  emu = await startSlackEmulator({ botToken: 'xoxb-bolt' });
  app = new App({
    token: 'xoxb-bolt',
    signingSecret: SECRET,
    logger: silentSlackLogger,
    clientOptions: { slackApiUrl: emu.url, retryConfig: { retries: 0 } },
  });
  app.command('/inject', async ({ ack, command, client, respond }) => {
    await ack();
    await client.chat.postMessage({
      channel: command.channel_id,
      text: `Incident: ${command.text}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*Incident* ${command.text}` } },
        {
          type: 'actions',
          block_id: 'inc',
          elements: [
            { type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Ack' }, value: 'INC-1' },
          ],
        },
      ],
    });
    await respond({ text: 'Declared.' });
  });
  app.action('ack', async ({ ack, body, client, respond }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'note',
        title: { type: 'plain_text', text: 'Add a note' },
        submit: { type: 'plain_text', text: 'Save' },
        blocks: [
          {
            type: 'input',
            block_id: 'note',
            label: { type: 'plain_text', text: 'Note' },
            element: { type: 'plain_text_input', action_id: 'v' },
          },
        ],
      },
    });
    await respond({ replace_original: true, text: `Acked by <@${body.user.id}>` });
  });
  app.view('note', async ({ ack, view }) => {
    await ack();
    submitted.push(String(view.state.values.note?.v?.value));
  });
  // A select inside a modal that dispatches: the view is updated with the view's own hash, then
  // again with that hash (now stale), which Slack refuses.
  app.action('pick', async ({ ack, body, client }) => {
    await ack();
    if (body.type !== 'block_actions' || body.view === undefined) return;
    const action = body.actions[0];
    const chosen = action?.type === 'static_select' ? action.selected_option.value : '?';
    picks.push({ container: body.container.type, chosen, typed: body.view.state.values.note?.v?.value });
    const view = {
      type: 'modal' as const,
      callback_id: 'note',
      title: { type: 'plain_text' as const, text: `Picked ${chosen}` },
      submit: { type: 'plain_text' as const, text: 'Save' },
      blocks: [],
    };
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view });
    try {
      await client.views.update({ view_id: body.view.id, hash: body.view.hash, view });
      picks.push({ container: 'stale hash accepted', chosen, typed: undefined });
    } catch (error) {
      picks.push({
        container: String((error as { data?: { error?: string } }).data?.error),
        chosen,
        typed: undefined,
      });
    }
  });
  app.message(async ({ message }) => {
    if ('text' in message && typeof message.text === 'string') seenMessages.push(message.text);
  });
  const server = (await app.start(0)) as Server;
  const port = (server.address() as AddressInfo).port;
  driver = createSlackDriver({ appUrl: `http://127.0.0.1:${port}`, signingSecret: SECRET, emulator: emu });
});
afterAll(async () => {
  await app.stop();
  await emu.close();
});

describe('Slack driver against a real Bolt app', () => {
  it('drives a slash command, a button, a modal and a thread message end to end', async () => {
    const command = await driver.slashCommand({
      command: '/inject',
      text: 'checkout 500s',
      userId: 'U0ANN',
      channelId: 'C0INC',
    });
    expect(command.status).toBe(200);
    await eventually(() => expect(emu.messages('C0INC')).toHaveLength(1));
    await eventually(() => expect(emu.ephemerals('C0INC').map((e) => e.text)).toEqual(['Declared.']));
    const incident = emu.messages('C0INC')[0];
    if (incident === undefined) throw new Error('no incident message');

    const click = await driver.blockAction({
      userId: 'U0ANN',
      channelId: 'C0INC',
      messageTs: incident.ts,
      actionId: 'ack',
      value: 'INC-1',
    });
    expect(click.status).toBe(200);
    await eventually(() => expect(emu.views().map((v) => v.action)).toEqual(['opened']));
    await eventually(() => expect(emu.message('C0INC', incident.ts)?.text).toBe('Acked by <@U0ANN>'));

    const viewId = emu.views()[0]?.viewId;
    const submit = await driver.viewSubmission({
      userId: 'U0ANN',
      view: {
        id: viewId,
        callback_id: 'note',
        state: { values: { note: { v: { type: 'plain_text_input', value: 'rolled back' } } } },
      },
    });
    expect(submit.status).toBe(200);
    await eventually(() => expect(submitted).toEqual(['rolled back']));

    const reply = await driver.userMessage({
      channelId: 'C0INC',
      userId: 'U0ANN',
      text: 'p99 back to normal',
      threadTs: incident.ts,
    });
    expect(reply.status).toBe(200);
    await eventually(() => expect(seenMessages).toEqual(['p99 back to normal']));
    expect(emu.thread('C0INC', incident.ts).map((m) => m.text)).toEqual(['p99 back to normal']);
  });

  it('sends a choice in a modal’s dispatching select as block_actions with the view, its hash and its state', async () => {
    const trigger = emu.issueTriggerId('U0BEN');
    const client = app.client;
    const opened = await client.views.open({
      token: 'xoxb-bolt',
      trigger_id: trigger,
      view: {
        type: 'modal',
        callback_id: 'note',
        title: { type: 'plain_text', text: 'Pick one' },
        submit: { type: 'plain_text', text: 'Save' },
        blocks: [
          {
            type: 'input',
            block_id: 'which',
            dispatch_action: true,
            label: { type: 'plain_text', text: 'Which' },
            element: {
              type: 'static_select',
              action_id: 'pick',
              options: [
                { text: { type: 'plain_text', text: 'Alpha' }, value: 'a' },
                { text: { type: 'plain_text', text: 'Beta' }, value: 'b' },
              ],
            },
          },
        ],
      },
    });
    const viewId = opened.view?.id ?? '';
    const sent = await driver.viewAction({
      userId: 'U0BEN',
      viewId,
      blockId: 'which',
      actionId: 'pick',
      value: 'b',
      values: { note: { v: { type: 'plain_text_input', value: 'half typed' } } },
    });
    expect(sent.status).toBe(200);
    expect(sent.sent.payload).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: viewId },
      view: { id: viewId, hash: opened.view?.hash, callback_id: 'note' },
      actions: [
        {
          type: 'static_select',
          action_id: 'pick',
          block_id: 'which',
          selected_option: { value: 'b', text: { text: 'Beta' } },
        },
      ],
    });
    await eventually(() =>
      expect(picks).toEqual([
        { container: 'view', chosen: 'b', typed: 'half typed' },
        { container: 'hash_conflict', chosen: 'b', typed: undefined },
      ]),
    );
    expect(emu.view(viewId)?.view.title).toMatchObject({ text: 'Picked b' });
  });

  it('is refused by Bolt when the signature is forged or the timestamp is old', async () => {
    const forged = await driver.slashCommand({
      command: '/inject',
      userId: 'U1',
      channelId: 'C1',
      signatureOverride: 'v0=bad',
    });
    expect(forged.status).toBe(401);
    const old = await driver.slashCommand({
      command: '/inject',
      userId: 'U1',
      channelId: 'C1',
      timestampSkewSeconds: -600,
    });
    expect(old.status).toBe(401);
  });

  it('answers url_verification with the challenge', async () => {
    const res = await driver.urlVerification('ch4ll3nge');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: 'ch4ll3nge' });
  });
});
