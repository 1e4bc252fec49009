/**
 * `createSlackDriver`: sends an app what Slack sends it (signed slash commands, block actions, view
 * submissions, Events API callbacks) over real HTTP, using the emulator for trigger_ids,
 * response_urls, messages and views when one is given.
 */
import { randomBytes } from 'node:crypto';
import type { DriverResponse, SendOptions, SlackDriver, SlackDriverOptions } from './driver-types.js';
import {
  blockActionsPayload,
  type DriverIdentity,
  eventEnvelope,
  homeActionPayload,
  type Json,
  type SlackUserRef,
  slackTs,
  slashCommandForm,
  viewActionPayload,
  viewSubmissionPayload,
} from './payloads.js';
import { signedHeaders } from './signing.js';

function randomId(prefix: string, length = 10): string {
  return `${prefix}${randomBytes(length).toString('hex').slice(0, length).toUpperCase()}`;
}

function channelType(channelId: string): string {
  if (channelId.startsWith('D')) return 'im';
  return channelId.startsWith('G') ? 'group' : 'channel';
}

/** The text of the option with `value` in the select of block `blockId`, as the view shows it. */
function optionText(blocks: unknown, blockId: string, value: string): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const block = (blocks as Json[]).find((candidate) => candidate.block_id === blockId);
  const element = (block?.element ?? block?.accessory ?? {}) as Json;
  const options = Array.isArray(element.options) ? (element.options as Json[]) : [];
  const found = options.find((entry) => entry.value === value)?.text as Json | undefined;
  return typeof found?.text === 'string' ? found.text : undefined;
}

export function createSlackDriver(options: SlackDriverOptions): SlackDriver {
  const emu = options.emulator;
  const now = options.now ?? Date.now;
  const endpoint = `${options.appUrl.replace(/\/+$/, '')}${options.path ?? '/slack/events'}`;
  const identity: DriverIdentity = {
    teamId: options.teamId ?? emu?.identity.teamId ?? 'T0WARROOM',
    teamDomain: options.teamDomain ?? emu?.identity.teamDomain ?? 'warroom-dev',
    apiAppId: options.apiAppId ?? emu?.identity.appId ?? 'A0WARROOM',
    botUserId: options.botUserId ?? emu?.identity.botUserId ?? 'U0WARBOT',
    verificationToken: options.verificationToken ?? 'verification-token-dev',
  };

  const user = (id: string, name?: string): SlackUserRef => ({
    id,
    name: name ?? emu?.user(id)?.name ?? id.toLowerCase(),
  });
  const channelName = (id: string) => emu?.channelName(id) ?? id.toLowerCase();
  const triggerFor = (userId: string) =>
    emu?.issueTriggerId(userId) ??
    `${Math.floor(now() / 1000)}.${Date.now() % 1e9}.${randomBytes(10).toString('hex')}`;
  const responseUrlFor = (channelId: string, userId: string, messageTs?: string) =>
    emu?.responseUrl(channelId, userId, messageTs) ??
    `https://hooks.slack.com/actions/${identity.teamId}/${randomId('', 12)}/${randomBytes(12).toString('hex')}`;

  async function send(
    rawBody: string,
    contentType: 'application/x-www-form-urlencoded' | 'application/json',
    payload: Json,
    sendOptions: SendOptions,
  ): Promise<DriverResponse> {
    const headers = signedHeaders(options.signingSecret, now(), rawBody, contentType, sendOptions);
    const response = await fetch(endpoint, { method: 'POST', headers, body: rawBody });
    const body = await response.text();
    let json: unknown;
    try {
      json = body === '' ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      body,
      json,
      headers: Object.fromEntries(response.headers.entries()),
      sent: { rawBody, headers, payload },
    };
  }

  const sendPayload = (payload: Json, sendOptions: SendOptions) =>
    send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      payload,
      sendOptions,
    );

  const sendEvent = (event: Json, input: SendOptions & { eventId?: string; eventTime?: number }) => {
    const envelope = eventEnvelope(identity, {
      event,
      eventId: input.eventId ?? randomId('Ev'),
      eventTime: input.eventTime ?? Math.floor(now() / 1000),
    });
    return send(JSON.stringify(envelope), 'application/json', envelope, input);
  };

  return {
    redeliver(previous, sendOptions) {
      const contentType = previous.sent.headers['content-type'] as
        | 'application/x-www-form-urlencoded'
        | 'application/json';
      return send(previous.sent.rawBody, contentType, previous.sent.payload, sendOptions);
    },

    slashCommand(input) {
      const form = slashCommandForm(identity, {
        command: input.command,
        text: input.text ?? '',
        user: user(input.userId, input.userName),
        channelId: input.channelId,
        channelName: channelName(input.channelId),
        responseUrl: responseUrlFor(input.channelId, input.userId),
        triggerId: triggerFor(input.userId),
      });
      return send(form.toString(), 'application/x-www-form-urlencoded', Object.fromEntries(form), input);
    },

    blockAction(input) {
      const message = input.message ??
        emu?.apiMessage(input.channelId, input.messageTs) ?? {
          type: 'message',
          ts: input.messageTs,
          text: '',
          user: identity.botUserId,
          ...(input.threadTs !== undefined ? { thread_ts: input.threadTs } : {}),
        };
      const payload = blockActionsPayload(identity, {
        user: user(input.userId),
        channelId: input.channelId,
        channelName: channelName(input.channelId),
        messageTs: input.messageTs,
        threadTs: input.threadTs,
        isEphemeral: input.isEphemeral ?? false,
        actionId: input.actionId,
        blockId: input.blockId,
        value: input.value,
        message,
        responseUrl: responseUrlFor(input.channelId, input.userId, input.messageTs),
        triggerId: triggerFor(input.userId),
        nowMs: now(),
      });
      return sendPayload(payload, input);
    },

    homeAction(input) {
      const stored = emu?.homeView(input.userId);
      const view: Json = input.view ?? {
        id: stored?.id ?? randomId('V'),
        type: 'home',
        blocks: stored?.view.blocks ?? [],
        hash: stored?.hash ?? '',
      };
      const payload = homeActionPayload(identity, {
        user: user(input.userId),
        view,
        actionId: input.actionId,
        value: input.value,
        triggerId: triggerFor(input.userId),
        nowMs: now(),
      });
      return sendPayload(payload, input);
    },

    viewAction(input) {
      const stored = emu?.view(input.viewId);
      if (stored === undefined) throw new Error(`No open view ${input.viewId} in the emulator`);
      const text = optionText(stored.view.blocks, input.blockId, input.value) ?? input.value;
      const chosen = {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text }, value: input.value },
      };
      const values = { ...input.values, [input.blockId]: { [input.actionId]: chosen } };
      const view: Json = {
        ...stored.view,
        id: stored.id,
        team_id: identity.teamId,
        hash: stored.hash,
        state: { values },
        previous_view_id: stored.previousViewId ?? null,
        root_view_id: stored.rootViewId,
        app_id: identity.apiAppId,
        bot_id: emu?.identity.botId ?? 'B0WARBOT',
      };
      const payload = viewActionPayload(identity, {
        user: user(input.userId),
        view,
        actionId: input.actionId,
        blockId: input.blockId,
        selected: { text, value: input.value },
        triggerId: triggerFor(input.userId),
        nowMs: now(),
      });
      return sendPayload(payload, input);
    },

    viewSubmission(input) {
      const stored = input.view.id !== undefined ? emu?.view(input.view.id) : undefined;
      const id = input.view.id ?? randomId('V');
      const view: Json = {
        id,
        team_id: identity.teamId,
        type: 'modal',
        blocks: input.view.blocks ?? stored?.view.blocks ?? [],
        private_metadata: input.view.private_metadata ?? stored?.view.private_metadata ?? '',
        callback_id: input.view.callback_id,
        state: input.view.state,
        hash: input.view.hash ?? stored?.hash ?? `${Math.floor(now() / 1000)}.${randomId('', 8)}`,
        title: input.view.title ?? stored?.view.title ?? { type: 'plain_text', text: 'Warroom', emoji: true },
        clear_on_close: false,
        notify_on_close: false,
        close: stored?.view.close ?? null,
        submit: stored?.view.submit ?? null,
        previous_view_id: stored?.previousViewId ?? null,
        root_view_id: stored?.rootViewId ?? id,
        app_id: identity.apiAppId,
        external_id: stored?.externalId ?? '',
        app_installed_team_id: identity.teamId,
        bot_id: emu?.identity.botId ?? 'B0WARBOT',
      };
      const payload = viewSubmissionPayload(identity, {
        user: user(input.userId),
        view,
        triggerId: input.triggerId ?? triggerFor(input.userId),
      });
      return sendPayload(payload, input);
    },

    event(input) {
      return sendEvent(input.event, input);
    },

    async userMessage(input) {
      const ts =
        emu?.postAsUser({
          channel: input.channelId,
          user: input.userId,
          text: input.text,
          threadTs: input.threadTs,
        }) ?? slackTs(now());
      const event: Json = {
        type: 'message',
        user: input.userId,
        text: input.text,
        ts,
        team: identity.teamId,
        channel: input.channelId,
        channel_type: channelType(input.channelId),
        event_ts: ts,
        ...(input.threadTs !== undefined ? { thread_ts: input.threadTs } : {}),
      };
      return { ...(await sendEvent(event, input)), ts };
    },

    urlVerification(challenge, sendOptions = {}) {
      const payload = { token: identity.verificationToken, challenge, type: 'url_verification' };
      return send(JSON.stringify(payload), 'application/json', payload, sendOptions);
    },
  };
}
