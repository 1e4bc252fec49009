import { loadConfig } from '../../src/config.js';
import { startLocalSlack, withLocalSlack } from '../../src/dev/local-mode.js';
import type { LocalSlack } from '../../src/local-mode.js';
import { startWarroom, type Warroom } from '../../src/main.js';
import { deleteKeysWithPrefix, silentLogger, testRedisUrl, uniquePrefix } from './test-runtime.js';

export interface LocalModeApp {
  local: LocalSlack;
  warroom: Warroom;
  /** Where the playground page and its API answer: the app's own port. */
  pageUrl: string;
  close(): Promise<void>;
}

/**
 * The app as `npm start` runs it with no SLACK_BOT_TOKEN (composed as main() does): the local Slack
 * emulator in place of Slack, the playground routes on the app's own port.
 */
export async function startLocalModeApp(env: Record<string, string> = {}): Promise<LocalModeApp> {
  const logger = silentLogger();
  const local = await startLocalSlack({ port: 0, logger });
  const prefix = uniquePrefix('local');
  const redisUrl = testRedisUrl();
  const config = withLocalSlack(
    loadConfig({
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'silent',
      // Suites read the demo channel's threads; the browser test turns incident channels on.
      INCIDENT_CHANNELS: 'off',
      ...env,
    }),
    local,
  );
  const warroom = await startWarroom(config, {
    logger,
    extraRoutes: local.routes,
    botIdentity: { botId: local.botId, botUserId: local.botUserId },
  });
  local.attach(warroom.url);
  return {
    local,
    warroom,
    pageUrl: warroom.url,
    async close() {
      await warroom.close();
      await local.close();
      await deleteKeysWithPrefix(redisUrl, prefix);
    },
  };
}
