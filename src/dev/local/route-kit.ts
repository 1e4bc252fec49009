/** What every playground POST route shares: its dependencies, JSON replies and the request wrapper. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { z } from 'zod';
import { sendJson } from '../../http/respond.js';
import type { Logger } from '../../log.js';
import type { DriverResponse, SlackDriver } from '../slack-driver/index.js';
import type { SlackEmulator } from '../slack-emulator/index.js';
import type { ModalTracker } from './modal-tracker.js';
import { readJsonRequest } from './playground-requests.js';
import type { AckReplies } from './playground-state.js';

export interface PlaygroundDeps {
  emulator: SlackEmulator;
  acks: AckReplies;
  modals: ModalTracker;
  /** Undefined until the app listens (`attach`). */
  driver(): SlackDriver | undefined;
  page: string;
  logger: Logger;
  /** HOST: a name besides the loopback ones the playground answers on. */
  host?: string;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export const refuse = (status: number, error: string, message: string): Reply => ({
  status,
  body: { ok: false, error, message },
});

/** The app answered something other than 200: Slack would show the person an error. */
export function appFailed(response: DriverResponse): Reply {
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

export type Handler<T> = (input: T, driver: SlackDriver) => Promise<Reply>;

export function post<T>(
  deps: PlaygroundDeps,
  schema: z.ZodType<T>,
  handle: Handler<T>,
): CustomRoute['handler'] {
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
