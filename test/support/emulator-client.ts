import { WebClient, type WebClientOptions } from '@slack/web-api';
import { silentSlackLogger } from './silent-slack-logger.js';

/** A Web API client on the local Slack emulator that reports every refusal at once: no retries, no logs. */
export function emulatorClient(url: string, options: WebClientOptions & { token?: string } = {}): WebClient {
  const { token = 'xoxb-test', ...rest } = options;
  return new WebClient(token, {
    slackApiUrl: url,
    retryConfig: { retries: 0 },
    logger: silentSlackLogger,
    ...rest,
  });
}
