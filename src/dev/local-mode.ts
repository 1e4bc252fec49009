/**
 * `startLocalSlack`: Slack without a workspace. The local Slack emulator stands in for the Web API
 * and the playground page stands in for Slack's client: what a person types or clicks there
 * reaches the app as the same signed request Slack would send.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { LocalSlack, LocalSlackOptions } from '../local-mode.js';
import { ModalTracker } from './local/modal-tracker.js';
import { DEMO_CHANNEL, DEMO_USER } from './local/playground-identity.js';
import { playgroundRoutes } from './local/playground-routes.js';
import { AckReplies } from './local/playground-state.js';
import { playgroundPage } from './playground/page.js';
import { createSlackDriver, type SlackDriver } from './slack-driver/index.js';
import { startSlackEmulator } from './slack-emulator/index.js';

export { DEMO_CHANNEL, DEMO_USER } from './local/playground-identity.js';

export async function startLocalSlack(options: LocalSlackOptions): Promise<LocalSlack> {
  const signingSecret = randomBytes(32).toString('hex');
  const botToken = `xoxb-local-${randomBytes(16).toString('hex')}`;
  const emulator = await startSlackEmulator({ port: options.port, botToken, signingSecret });
  emulator.setUser({ id: DEMO_USER.id, name: DEMO_USER.name, real_name: DEMO_USER.realName });
  emulator.setChannelName(DEMO_CHANNEL.id, DEMO_CHANNEL.name);

  let driver: SlackDriver | undefined;
  const routes = playgroundRoutes({
    emulator,
    acks: new AckReplies(),
    modals: new ModalTracker(emulator),
    driver: () => driver,
    page: await playgroundPage(),
    logger: options.logger,
    ...(options.host ? { host: options.host } : {}),
  });

  return {
    apiUrl: emulator.url,
    botToken,
    signingSecret,
    botId: emulator.identity.botId,
    botUserId: emulator.identity.botUserId,
    channelId: DEMO_CHANNEL.id,
    routes,
    attach(appUrl) {
      driver = createSlackDriver({ appUrl, signingSecret, emulator });
    },
    async close() {
      driver = undefined;
      await emulator.close();
    },
  };
}

/**
 * The configuration with Slack pointed at the local emulator: its token, secret and API URL, HTTP
 * mode (no Socket Mode), loopback only unless HOST is set and, unless one is set, the
 * playground's channel for alert incidents.
 */
export function withLocalSlack(config: Config, local: LocalSlack): Config {
  return Object.freeze({
    ...config,
    SLACK_BOT_TOKEN: local.botToken,
    SLACK_SIGNING_SECRET: local.signingSecret,
    SLACK_API_URL: local.apiUrl,
    SLACK_APP_TOKEN: undefined,
    SLACK_INCIDENT_CHANNEL: config.SLACK_INCIDENT_CHANNEL ?? local.channelId,
    // The playground acts as a signed-in person: reachable from this machine only, unless HOST says.
    HOST: config.HOST ?? '127.0.0.1',
  });
}
