import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockActionsPayload,
  type DriverIdentity,
  eventEnvelope,
} from '../../../src/dev/slack-driver/payloads.js';
import { type SlackEmulator, startSlackEmulator } from '../../../src/dev/slack-emulator/index.js';
import { type SocketModeServer, slashCommandPayload } from '../../../src/dev/slack-emulator/socket-mode.js';
import { waitFor } from '../../support/test-runtime.js';

const BOT_TOKEN = 'xoxb-socket';
const CHANNEL = 'C0INC';
const USER = { id: 'U0ANN', name: 'ann' };

let emulator: SlackEmulator;
let socketMode: SocketModeServer;
let app: App;
let identity: DriverIdentity;
const clicks: string[] = [];
const mentions: string[] = [];

beforeAll(async () => {
  emulator = await startSlackEmulator({ botToken: BOT_TOKEN });
  socketMode = emulator.socketMode;
  identity = {
    teamId: emulator.identity.teamId,
    teamDomain: emulator.identity.teamDomain,
    apiAppId: emulator.identity.appId,
    botUserId: emulator.identity.botUserId,
    verificationToken: 'verification-token-dev',
  };
  app = new App({
    token: BOT_TOKEN,
    appToken: 'xapp-1-socket',
    socketMode: true,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emulator.url, retryConfig: { retries: 0 } },
  });
  app.command('/inject', async ({ ack, command, client }) => {
    await ack({ response_type: 'ephemeral', text: `Injecting ${command.text}` });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: 'Incident',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Ack' }, value: 'INC-1' },
          ],
        },
      ],
    });
  });
  app.command('/silent', async () => {});
  app.action('ack', async ({ ack, action }) => {
    await ack();
    if (action.type === 'button') clicks.push(action.value ?? '');
  });
  app.event('app_mention', async ({ event }) => {
    mentions.push(event.text);
  });
  await app.start();
});
afterAll(async () => {
  await app.stop();
  await waitFor(() => (socketMode.connected() ? undefined : true), { what: 'the app to disconnect' });
  await emulator.close();
});

function slashCommand(command: string, text: string) {
  return slashCommandPayload(emulator, { command, text, userId: USER.id, channelId: CHANNEL });
}

describe('Socket Mode in the Slack emulator, with a real Bolt app', () => {
  it('hands the app token a socket URL and greets the app with hello', () => {
    expect(socketMode.connected()).toBe(true);
    const [open] = emulator.calls('apps.connections.open');
    expect(open?.ok).toBe(true);
  });

  it('refuses apps.connections.open with a bot token', async () => {
    const response = await fetch(`${emulator.url}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}` },
    });
    expect(await response.json()).toMatchObject({ ok: false, error: 'invalid_auth' });
  });

  it('delivers a slash command and returns the body it was acked with', async () => {
    const ack = await socketMode.send('slash_commands', slashCommand('/inject', 'crash api'));
    expect(ack).toEqual({ response_type: 'ephemeral', text: 'Injecting crash api' });
    await waitFor(() => emulator.messages(CHANNEL)[0], { what: 'the incident message' });
  });

  it('delivers a block action on a posted message, acked without a body', async () => {
    const card = await waitFor(() => emulator.messages(CHANNEL)[0], { what: 'the incident message' });
    const message = emulator.apiMessage(CHANNEL, card.ts) ?? {};
    const payload = blockActionsPayload(identity, {
      user: USER,
      channelId: CHANNEL,
      channelName: emulator.channelName(CHANNEL),
      messageTs: card.ts,
      threadTs: undefined,
      isEphemeral: false,
      actionId: 'ack',
      blockId: undefined,
      value: 'INC-1',
      message,
      responseUrl: emulator.responseUrl(CHANNEL, USER.id, card.ts),
      triggerId: emulator.issueTriggerId(USER.id),
      nowMs: Date.now(),
    });
    expect(await socketMode.send('interactive', payload)).toBeUndefined();
    await waitFor(() => (clicks.length > 0 ? clicks : undefined), { what: 'the click' });
    expect(clicks).toEqual(['INC-1']);
  });

  it('delivers an Events API callback', async () => {
    const event = { type: 'app_mention', user: USER.id, channel: CHANNEL, text: 'hi', ts: '1.000100' };
    const envelope = eventEnvelope(identity, { event, eventId: 'Ev0SOCKET', eventTime: 1 });
    expect(await socketMode.send('events_api', envelope)).toBeUndefined();
    await waitFor(() => (mentions.length > 0 ? mentions : undefined), { what: 'the mention' });
  });

  it('rejects a send the app never acks', async () => {
    const silentCommand = socketMode.send('slash_commands', slashCommand('/silent', ''), {
      ackTimeoutMs: 200,
    });
    await expect(silentCommand).rejects.toThrow(/no ack for slash_commands envelope/);
  });
});
