import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { sendJson } from './respond.js';
import { constantTimeEqual } from './webhooks/constant-time.js';

export interface BasicCredentials {
  user: string;
  password: string;
}

/** `Authorization: Basic base64(user:password)`; both halves are always compared, so timing tells nothing. */
export function basicAuthMatches(headers: IncomingHttpHeaders, expected: BasicCredentials): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = constantTimeEqual(decoded.slice(0, colon), expected.user);
  const passwordOk = constantTimeEqual(decoded.slice(colon + 1), expected.password);
  return userOk && passwordOk;
}

export function basicAuthChallenge(res: ServerResponse, realm: string): void {
  sendJson(res, 401, { ok: false, error: 'unauthorized' }, { 'www-authenticate': `Basic realm="${realm}"` });
}
