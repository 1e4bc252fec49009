/**
 * The playground's HTTP routes, mounted on the app's own port: the page, a state feed it polls, and
 * the three things a person does in Slack (a slash command, a button click, a modal submission),
 * each turned into the signed request Slack would send the app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { z } from 'zod';
import { sendJson } from '../../http/respond.js';
import type { Logger } from '../../log.js';
import type { DriverResponse, SlackDriver } from '../slack-driver/index.js';
import type { JsonObject, SlackEmulator } from '../slack-emulator/index.js';
import { findButton, textInputsOf } from './block-lookup.js';
import type { ModalTracker } from './modal-tracker.js';
import { DEMO_CHANNEL, DEMO_USER, PLAYGROUND_COMMANDS } from './playground-identity.js';
import {
  ActionRequest,
  CloseRequest,
  CommandRequest,
  formatIssues,
  readJsonRequest,
  StateQuery,
  SubmitRequest,
} from './playground-requests.js';
import { type AckReplies, ephemeralsFor, playgroundState } from './playground-state.js';

export interface PlaygroundDeps {
  emulator: SlackEmulator;
  acks: AckReplies;
  modals: ModalTracker;
  /** Undefined until the app listens (`attach`). */
  driver(): SlackDriver | undefined;
  page: string;
  logger: Logger;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

const refuse = (status: number, error: string, message: string): Reply => ({
  status,
  body: { ok: false, error, message },
});

/** The app answered something other than 200: Slack would show the person an error. */
function appFailed(response: DriverResponse): Reply {
  return {
    status: 502,
    body: {
      ok: false,
      error: 'app_error',
      message: `the app answered HTTP ${response.status}`,
      appStatus: response.status,
      appBody: response.body.slice(0, 500),
    },
  };
}

type Handler<T> = (input: T, driver: SlackDriver) => Promise<Reply>;

function post<T>(deps: PlaygroundDeps, schema: z.ZodType<T>, handle: Handler<T>): CustomRoute['handler'] {
  return (req: IncomingMessage, res: ServerResponse) => {
    const run = async (): Promise<Reply> => {
      const parsed = await readJsonRequest(req, schema);
      if (!parsed.ok) return refuse(parsed.status, parsed.error, parsed.message);
      const driver = deps.driver();
      if (!driver) return refuse(503, 'app_not_ready', 'the app is still starting; try again in a moment');
      return handle(parsed.value, driver);
    };
    run().then(
      (reply) => sendJson(res, reply.status, reply.body),
      (error: unknown) => {
        deps.logger.warn({ err: error, path: req.url }, 'playground request failed');
        sendJson(res, 502, { ok: false, error: 'app_unreachable', message: String(error) });
      },
    );
  };
}

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
    const userId = input.userId ?? DEMO_USER.id;
    const channelId = input.channelId ?? DEMO_CHANNEL.id;
    const response = await driver.slashCommand({ command, text: match[2] ?? '', userId, channelId });
    if (response.status !== 200) return appFailed(response);
    deps.acks.add(channelId, userId, response.json);
    return { status: 200, body: { ok: true, response: response.json ?? null } };
  };
}

function actionRoute(deps: PlaygroundDeps): Handler<z.infer<typeof ActionRequest>> {
  return async (input, driver) => {
    const userId = input.userId ?? DEMO_USER.id;
    const channelId = input.channelId ?? DEMO_CHANNEL.id;
    const message = input.ephemeral
      ? ephemeralsFor(deps.emulator, deps.acks, channelId, userId).find((e) => e.ts === input.messageTs)
      : deps.emulator.message(channelId, input.messageTs);
    if (!message || ('deleted' in message && message.deleted)) {
      return refuse(404, 'message_not_found', `no message ${input.messageTs} in ${channelId}`);
    }
    // The value comes from the message as it is now, never from the page.
    const button = findButton(message.blocks, input.actionId, input.blockId);
    if (!button) {
      return refuse(
        409,
        'button_gone',
        `message ${input.messageTs} has no button ${input.actionId} any more`,
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

function submitRoute(deps: PlaygroundDeps): Handler<z.infer<typeof SubmitRequest>> {
  return async (input, driver) => {
    const userId = input.userId ?? DEMO_USER.id;
    const modal = deps.modals.open(input.viewId, userId);
    if (!modal) return refuse(404, 'view_not_open', `${userId} has no open modal ${input.viewId}`);
    const inputs = textInputsOf(modal.view);
    for (const [blockId, byAction] of Object.entries(input.values)) {
      for (const actionId of Object.keys(byAction)) {
        if (!inputs.some((known) => known.blockId === blockId && known.actionId === actionId)) {
          return refuse(400, 'unknown_input', `the modal has no input ${blockId}.${actionId}`);
        }
      }
    }
    const typed = (blockId: string, actionId: string) => input.values[blockId]?.[actionId]?.trim() ?? '';
    // Slack's own client refuses an empty required input before the app hears of it.
    const missing = inputs.filter((field) => !field.optional && typed(field.blockId, field.actionId) === '');
    if (missing.length > 0) {
      const errors = Object.fromEntries(
        missing.map((field) => [field.blockId, 'Please fill out this field.']),
      );
      return {
        status: 200,
        body: { ok: true, closed: false, response: { response_action: 'errors', errors } },
      };
    }
    const values = Object.fromEntries(
      inputs.map((field) => {
        const value = input.values[field.blockId]?.[field.actionId];
        return [field.blockId, { [field.actionId]: { type: 'plain_text_input', value: value ?? null } }];
      }),
    );
    const { view } = modal;
    const response = await driver.viewSubmission({
      userId,
      view: {
        id: modal.viewId,
        callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
        private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
        state: { values },
        hash: modal.hash,
        ...(view.title ? { title: view.title as JsonObject } : {}),
        ...(Array.isArray(view.blocks) ? { blocks: view.blocks } : {}),
      },
    });
    if (response.status !== 200) return appFailed(response);
    const answer = (response.json ?? {}) as { response_action?: unknown; view?: unknown };
    const closed = applyAnswer(deps.modals, userId, modal.viewId, answer);
    return { status: 200, body: { ok: true, closed, response: response.json ?? null } };
  };
}

/** What Slack's client does with a submission's answer; true when the modal closed. */
function applyAnswer(
  modals: ModalTracker,
  userId: string,
  viewId: string,
  answer: { response_action?: unknown; view?: unknown },
): boolean {
  const newView =
    typeof answer.view === 'object' && answer.view !== null ? (answer.view as JsonObject) : undefined;
  switch (answer.response_action) {
    case 'errors':
      return false;
    // The playground draws one modal at a time, so a pushed view simply takes the current one's place.
    case 'update':
    case 'push':
      if (newView) modals.replace(viewId, newView);
      return false;
    case 'clear':
      modals.closeAll(userId);
      return true;
    default:
      modals.close(viewId);
      return true;
  }
}

function closeRoute(deps: PlaygroundDeps): Handler<z.infer<typeof CloseRequest>> {
  return async (input) => {
    const userId = input.userId ?? DEMO_USER.id;
    if (!deps.modals.open(input.viewId, userId)) {
      return refuse(404, 'view_not_open', `${userId} has no open modal ${input.viewId}`);
    }
    deps.modals.close(input.viewId);
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
    const state = playgroundState(deps.emulator, deps.acks, deps.modals, {
      userId: parsed.data.userId ?? DEMO_USER.id,
      channelId: parsed.data.channelId ?? DEMO_CHANNEL.id,
    });
    sendJson(res, 200, state, { 'cache-control': 'no-store' });
  };
}

export function playgroundRoutes(deps: PlaygroundDeps): CustomRoute[] {
  return [
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
}
