/**
 * The gate in front of Bolt's /slack/events: it reads the body (refusing an oversized one at
 * once), applies `checkSlackRequest`, and lets each signed request act once. Whatever passes
 * reaches Bolt with its body already read, so Bolt verifies and parses the same bytes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import { errorMessage } from '../../errors.js';
import { readBody } from '../../http/respond.js';
import type { Logger } from '../../log.js';
import { withinMs } from '../../store/bounded-call.js';
import type { ReplayCache } from '../../store/replay-cache.js';
import {
  checkSlackRequest,
  SLACK_FUTURE_SKEW_SECONDS,
  SLACK_SIGNATURE_WINDOW_SECONDS,
} from './request-checks.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack's payloads are a few KiB; our largest, a modal submission, stays far below this. */
export const SLACK_BODY_LIMIT_BYTES = 1024 * 1024;
const REPLAY_CHECK_BUDGET_MS = 300;

export interface SlackGateOptions {
  signingSecret: string;
  replays: ReplayCache;
  logger: Logger;
  now?: () => number;
}

function answer(res: ServerResponse, status: number): void {
  // `connection: close`: the server must not wait to drain a body it refused (a huge one, say).
  res.writeHead(status, { connection: 'close', 'content-length': 0 });
  res.end();
}

/** True when the request may go on to Bolt; otherwise it has been answered. */
async function admit(req: IncomingMessage, res: ServerResponse, options: SlackGateOptions): Promise<boolean> {
  const raw = await readBody(req, SLACK_BODY_LIMIT_BYTES);
  if (raw === 'too_large') {
    options.logger.warn({ limitBytes: SLACK_BODY_LIMIT_BYTES }, 'slack request refused: body too large');
    answer(res, 413);
    return false;
  }
  const verdict = checkSlackRequest({
    headers: req.headers,
    rawBody: raw.toString('utf8'),
    signingSecret: options.signingSecret,
    nowMs: options.now?.() ?? Date.now(),
  });
  if (verdict.kind === 'refuse') {
    options.logger.warn({ reason: verdict.reason, status: verdict.status }, 'slack request refused');
    answer(res, verdict.status);
    return false;
  }
  Object.assign(req, { rawBody: raw });
  if (verdict.kind === 'ssl_check') return true;
  const ttl = SLACK_SIGNATURE_WINDOW_SECONDS + SLACK_FUTURE_SKEW_SECONDS;
  try {
    const first = await withinMs(
      REPLAY_CHECK_BUDGET_MS,
      options.replays.firstSighting('slack', verdict.replayKey, ttl),
      'the replay check',
    );
    if (!first) {
      // 200 and nothing done: a replay learns nothing, and Slack would stop retrying anyway.
      options.logger.warn('slack request ignored: exact replay of a request already received');
      answer(res, 200);
      return false;
    }
  } catch (error) {
    // Redis is down: nothing can change without it, and the listener answers with a reference.
    options.logger.warn({ err: errorMessage(error) }, 'replay check skipped: Redis did not answer');
  }
  return true;
}

/** Puts the gate in front of `receiver`'s Slack endpoint; every other route passes untouched. */
export function guardSlackEndpoint(receiver: HTTPReceiver, options: SlackGateOptions): void {
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== SLACK_EVENTS_PATH || req.method?.toUpperCase() !== 'POST') return bolt(req, res);
    admit(req, res, options).then(
      (admitted) => {
        if (admitted) bolt(req, res);
      },
      (error: unknown) => {
        options.logger.warn({ err: errorMessage(error) }, 'slack request could not be read');
        if (res.headersSent) res.destroy();
        else answer(res, 400);
      },
    );
  };
}
