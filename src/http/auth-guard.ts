import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { AuthThrottle } from './auth-throttle.js';
import { sendJson } from './respond.js';

/** The address the request came from, as the socket sees it (a proxy's, behind one). */
export function clientAddress(req: IncomingMessage): string {
  // An IPv4 client of a dual-stack server shows as ::ffff:a.b.c.d: one client, one bucket.
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

/**
 * Answers 429 with Retry-After when this client has failed its credentials too often; true when
 * it did. Checked before the credentials, so a throttled guess is never even compared.
 */
export function refuseIfThrottled(
  req: IncomingMessage,
  res: ServerResponse,
  context: { throttle: AuthThrottle; logger: Logger; route: string },
): boolean {
  const client = clientAddress(req);
  const retryAfter = context.throttle.retryAfterSeconds(client);
  if (retryAfter === undefined) return false;
  context.logger.warn(
    { route: context.route, client, retryAfter },
    'auth throttled: too many failed attempts',
  );
  sendJson(
    res,
    429,
    {
      ok: false,
      error: 'too_many_attempts',
      message: `Too many failed attempts: try again in ${retryAfter} s.`,
    },
    { 'retry-after': String(retryAfter) },
  );
  return true;
}

/** Counts a failed credential against the client and logs it: the route, address and why, never what was sent. */
export function recordAuthFailure(
  req: IncomingMessage,
  context: { throttle: AuthThrottle; logger: Logger; route: string },
  reason: string,
): void {
  const client = clientAddress(req);
  context.throttle.recordFailure(client);
  context.logger.warn({ route: context.route, client, reason }, 'auth refused');
}
