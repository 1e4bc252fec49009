import { App, type CustomRoute, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Logger } from '../log.js';
import { createReplayCache } from '../store/replay-cache.js';
import { reportToUser } from './error-sink.js';
import { guardSlackEndpoint } from './http/slack-endpoint-gate.js';
import { registerInteractions } from './interactions.js';
import { registerEventListeners } from './listeners/event-listeners.js';
import type { ListenerDeps } from './listeners/handler-types.js';

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
  customRoutes: CustomRoute[];
  /** Known in tests and local mode: skips Bolt's `auth.test` at start. */
  botId?: string;
  botUserId?: string;
}

function boltLogLevel(logger: Logger): LogLevel {
  return logger.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.WARN;
}

/** Bolt's HTTP receiver behind the gate that refuses oversized, future, replayed and non-object requests. */
function guardedReceiver(options: SlackAppOptions, deps: ListenerDeps): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    customRoutes: options.customRoutes,
    logLevel: boltLogLevel(deps.logger),
  });
  guardSlackEndpoint(receiver, {
    signingSecret: options.signingSecret,
    replays: createReplayCache(deps.redis, deps.keys),
    logger: deps.logger,
  });
  return receiver;
}

/**
 * The Bolt app: HTTP receiver at POST /slack/events (signatures checked), or Socket Mode when an
 * app token is set, with health and webhook routes served on the same port either way.
 */
export function createSlackApp(options: SlackAppOptions, deps: ListenerDeps): App {
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  };
  const identity =
    options.botId && options.botUserId ? { botId: options.botId, botUserId: options.botUserId } : {};
  const app = options.appToken
    ? new App({
        token: options.botToken,
        appToken: options.appToken,
        socketMode: true,
        customRoutes: options.customRoutes,
        installerOptions: { port: options.port },
        clientOptions,
        logLevel: boltLogLevel(deps.logger),
        ...identity,
      })
    : new App({
        token: options.botToken,
        receiver: guardedReceiver(options, deps),
        clientOptions,
        logLevel: boltLogLevel(deps.logger),
        ...identity,
      });

  registerInteractions(app, deps);
  registerEventListeners(app, deps);

  app.error(async (error) => {
    reportToUser(deps.logger, error, { where: 'bolt' });
  });
  return app;
}
