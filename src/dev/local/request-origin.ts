/**
 * Who may use the playground: only a page served by this process, in a browser on this machine.
 * A web page elsewhere cannot post to it (Origin), a rebound DNS name cannot reach it (Host), and
 * a cross-site "simple" request cannot be sent (only application/json, which needs a preflight
 * that the playground never grants). Pure.
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

export interface Refusal {
  status: 403 | 415;
  error: string;
  message: string;
}

/** `localhost:3000` → `localhost`; `[::1]:3000` → `::1`. */
function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostHeader);
  if (bracketed?.[1]) return bracketed[1].toLowerCase();
  return hostHeader.replace(/:\d+$/, '').toLowerCase();
}

export function playgroundRequestRefusal(
  request: { method?: string | undefined; headers: IncomingHttpHeaders },
  /** HOST, when the playground is meant to be reached under another name. */
  extraHost?: string,
): Refusal | undefined {
  const allowed = new Set([...LOOPBACK_NAMES, ...(extraHost ? [hostnameOf(extraHost)] : [])]);
  const host = request.headers.host ?? '';
  if (!allowed.has(hostnameOf(host))) {
    return {
      status: 403,
      error: 'forbidden_host',
      message: `the playground answers on localhost only (or HOST); not on ${host || 'an empty Host'}`,
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return {
      status: 403,
      error: 'forbidden_origin',
      message: 'only the playground page itself may call this',
    };
  }
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (request.method === 'POST' && mediaType !== 'application/json') {
    return { status: 415, error: 'unsupported_media_type', message: 'send the body as application/json' };
  }
  return undefined;
}
