/**
 * The playground's HTTP routes, mounted on the app's own port: the page, a state feed it polls, and
 * the three things a person does in Slack (a slash command, a button click, a modal submission),
 * each turned into the signed request Slack would send the app.
 */
import { createHash } from 'node:crypto';
import type { CustomRoute } from '@slack/bolt';
import type { z } from 'zod';
import { sendJson } from '../../http/respond.js';
import { findButton } from './block-lookup.js';
import { closeRoute, submitRoute } from './modal-routes.js';
import { DEMO_CHANNEL, DEMO_USER, PLAYGROUND_COMMANDS, playgroundChannels } from './playground-identity.js';
import {
  ActionRequest,
  CloseRequest,
  CommandRequest,
  formatIssues,
  StateQuery,
  SubmitRequest,
} from './playground-requests.js';
import { ephemeralsFor, playgroundState } from './playground-state.js';
import { playgroundRequestRefusal } from './request-origin.js';
import { appFailed, type Handler, type PlaygroundDeps, post, refuse } from './route-kit.js';

export type { PlaygroundDeps } from './route-kit.js';

/** The channel a request names, if the page lists it; the demo channel when it names none. */
function listedChannel(deps: PlaygroundDeps, channel: string | undefined): string | undefined {
  if (channel === undefined) return DEMO_CHANNEL.id;
  return playgroundChannels(deps.emulator).some((listed) => listed.id === channel) ? channel : undefined;
}

const unlisted = (channel: string | undefined) =>
  refuse(404, 'unknown_channel', `${channel} is not a channel the playground shows`);

function commandRoute(deps: PlaygroundDeps): Handler<z.infer<typeof CommandRequest>> {
  return async (input, driver) => {
    const match = /^(\/\S+)\s*([\s\S]*)$/.exec(input.text);
    const command = match?.[1];
    if (!command) {
      return refuse(400, 'not_a_command', 'start with a slash command: /inject crash api, /incident list');
    }
    if (!PLAYGROUND_COMMANDS.includes(command)) {
      return refuse(400, 'unknown_command', `${command} is not a Warroom command; try /inject or /incident`);
    }
    const userId = DEMO_USER.id;
    const channelId = listedChannel(deps, input.channel);
    if (!channelId) return unlisted(input.channel);
    const response = await driver.slashCommand({ command, text: match[2] ?? '', userId, channelId });
    if (response.status !== 200) return appFailed(response);
    deps.acks.add(channelId, userId, response.json);
    return { status: 200, body: { ok: true, response: response.json ?? null } };
  };
}

function actionRoute(deps: PlaygroundDeps): Handler<z.infer<typeof ActionRequest>> {
  return async (input, driver) => {
    const userId = DEMO_USER.id;
    const channelId = listedChannel(deps, input.channel);
    if (!channelId) return unlisted(input.channel);
    const message = input.ephemeral
      ? ephemeralsFor(deps.emulator, deps.acks, channelId, userId).find((e) => e.ts === input.messageTs)
      : deps.emulator.message(channelId, input.messageTs);
    if (!message || ('deleted' in message && message.deleted)) {
      return refuse(404, 'message_not_found', `no message ${input.messageTs} in ${channelId}`);
    }
    // The value comes from the message as it is now, never from the page.
    const button = findButton(message.blocks, input.actionId, input.blockId, input.choice);
    if (!button) {
      const side = input.choice ? ` (${input.choice})` : '';
      return refuse(
        409,
        'button_gone',
        `message ${input.messageTs} has no button ${input.actionId}${side} any more`,
      );
    }
    const response = await driver.blockAction({
      userId,
      channelId,
      messageTs: input.messageTs,
      threadTs: message.threadTs,
      actionId: input.actionId,
      blockId: button.blockId,
      value: button.value,
      ...(input.ephemeral
        ? {
            isEphemeral: true,
            message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
          }
        : {}),
    });
    if (response.status !== 200) return appFailed(response);
    return { status: 200, body: { ok: true } };
  };
}

function stateRoute(deps: PlaygroundDeps): CustomRoute['handler'] {
  return (req, res) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const parsed = StateQuery.safeParse(Object.fromEntries(query));
    if (!parsed.success) {
      return sendJson(res, 400, { ok: false, error: 'invalid_request', message: formatIssues(parsed.error) });
    }
    const channelId = listedChannel(deps, parsed.data.channel);
    if (!channelId) {
      const refusal = unlisted(parsed.data.channel);
      return sendJson(res, refusal.status, refusal.body);
    }
    const state = playgroundState(deps.emulator, deps.acks, deps.modals, { userId: DEMO_USER.id, channelId });
    // The page polls twice a second: an unchanged feed costs a 304, not the whole channel again.
    const body = JSON.stringify(state);
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': 'no-store' });
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json', etag, 'cache-control': 'no-store' });
    res.end(body);
  };
}

/** Every playground route answers only the page itself, on this machine (see request-origin.ts). */
function sameMachineOnly(deps: PlaygroundDeps, route: CustomRoute): CustomRoute {
  return {
    ...route,
    handler: (req, res) => {
      const refusal = playgroundRequestRefusal(req, deps.host);
      if (!refusal) return route.handler(req, res);
      deps.logger.warn({ path: req.url, error: refusal.error }, 'playground request refused');
      sendJson(res, refusal.status, { ok: false, error: refusal.error, message: refusal.message });
    },
  };
}

export function playgroundRoutes(deps: PlaygroundDeps): CustomRoute[] {
  const routes: CustomRoute[] = [
    {
      path: '/',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(deps.page);
      },
    },
    { path: '/playground/state', method: ['GET'], handler: stateRoute(deps) },
    {
      path: '/playground/command',
      method: ['POST'],
      handler: post(deps, CommandRequest, commandRoute(deps)),
    },
    { path: '/playground/action', method: ['POST'], handler: post(deps, ActionRequest, actionRoute(deps)) },
    { path: '/playground/submit', method: ['POST'], handler: post(deps, SubmitRequest, submitRoute(deps)) },
    { path: '/playground/close', method: ['POST'], handler: post(deps, CloseRequest, closeRoute(deps)) },
  ];
  return routes.map((route) => sameMachineOnly(deps, route));
}
