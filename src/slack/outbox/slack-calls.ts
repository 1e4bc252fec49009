import { ErrorCode, type WebAPICallResult, type WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';

/**
 * What a failed Slack call means for the outbox:
 * - `rate_limited`: wait `retryAfterMs`, then try again;
 * - `ambiguous`: Slack may or may not have carried it out (5xx, timeout, dropped connection);
 * - `permanent`: Slack said no (channel_not_found, invalid_blocks…): retrying cannot help.
 */
export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'ambiguous'; message: string }
  | { kind: 'permanent'; error: string; message: string };

const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'request_timeout',
  'service_unavailable',
]);

export function classifySlackError(error: unknown): SlackFailure {
  const message = error instanceof Error ? error.message : String(error);
  const coded = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
  };
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return { kind: 'rate_limited', retryAfterMs: Math.max(1, coded.retryAfter ?? 1) * 1000, message };
    case ErrorCode.PlatformError: {
      const platformError = coded.data?.error ?? 'unknown_error';
      if (platformError === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 1000, message };
      if (TRANSIENT_PLATFORM_ERRORS.has(platformError)) return { kind: 'ambiguous', message };
      return { kind: 'permanent', error: platformError, message };
    }
    case ErrorCode.HTTPError:
      if ((coded.statusCode ?? 500) >= 500) return { kind: 'ambiguous', message };
      return { kind: 'permanent', error: `http_${coded.statusCode}`, message };
    default:
      // Request errors (timeouts, resets) and anything unknown: the call may have landed.
      return { kind: 'ambiguous', message };
  }
}

export class SlackCallError extends Error {
  constructor(
    readonly method: string,
    readonly failure: SlackFailure,
  ) {
    super(`${method}: ${failure.message}`);
    this.name = 'SlackCallError';
  }
}

export interface SlackCaller {
  call<T extends object = WebAPICallResult>(method: string, args: Record<string, unknown>): Promise<T>;
}

/** Every Slack call goes through here: one log line with method, latency and outcome. */
export function createSlackCaller(
  client: WebClient,
  logger: Logger,
  onCall?: (method: string, outcome: string) => void,
): SlackCaller {
  return {
    async call<T extends object = WebAPICallResult>(
      method: string,
      args: Record<string, unknown>,
    ): Promise<T> {
      const started = performance.now();
      try {
        const result = (await client.apiCall(method, args)) as unknown as T;
        const latencyMs = Math.round(performance.now() - started);
        logger.info({ slack: { method, latencyMs, ok: true } }, 'slack call');
        onCall?.(method, 'ok');
        return result;
      } catch (error) {
        const latencyMs = Math.round(performance.now() - started);
        const failure = classifySlackError(error);
        logger.warn(
          { slack: { method, latencyMs, ok: false, failure: failure.kind, error: failure.message } },
          'slack call failed',
        );
        onCall?.(method, failure.kind);
        throw new SlackCallError(method, failure);
      }
    },
  };
}
