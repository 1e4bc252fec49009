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

/** What a call that must fail threw (a test error if it did not fail). */
export async function caught(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
