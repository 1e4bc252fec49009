import { createHmac } from 'node:crypto';
import type { HttpRequestSpec } from '../actions.js';
import type { ResolvedCredentials } from '../credentials.js';
import type { HttpExecutorConfig } from '../executor-config.js';
import { isWellFormed } from '../hostile.js';
import type { Checked } from '../params.js';

/**
 * Builds the request an HTTP executor sends: pure. Scheme, host, port and base path come from
 * config; a step contributes path segments (each URL-encoded on its own), query values (encoded by
 * URLSearchParams) and a JSON body (encoded by JSON.stringify). Nothing is concatenated raw.
 */
export interface BuiltRequest {
  method: HttpRequestSpec['method'];
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function buildRequest(
  config: HttpExecutorConfig,
  credentials: ResolvedCredentials,
  spec: HttpRequestSpec,
): Checked<BuiltRequest> {
  // URL parsing would resolve a `.` or `..` segment (even percent-encoded) away from the step's path.
  const dotSegment = spec.pathSegments.find((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
  if (dotSegment !== undefined) return { ok: false, reason: `path segment ${dotSegment} is not allowed` };
  const texts = [...spec.pathSegments, ...spec.query.flat()];
  if (!texts.every(isWellFormed))
    return { ok: false, reason: 'a path segment or query value is not valid Unicode' };
  const base = new URL(config.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = new URL(base.origin);
  url.pathname = `${basePath}/${spec.pathSegments.map(encodeURIComponent).join('/')}`;
  for (const [key, value] of spec.query) url.searchParams.append(key, value);
  // Unreachable through encoding; kept so that no future change can send a step elsewhere.
  if (url.origin !== base.origin)
    return { ok: false, reason: `refusing to send to ${url.origin}: not ${base.origin}` };

  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...lowercaseKeys(config.headers),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...authHeaders(config, credentials, body ?? ''),
  };
  return {
    ok: true,
    value: { method: spec.method, url: url.toString(), headers, ...(body === undefined ? {} : { body }) },
  };
}

function authHeaders(
  config: HttpExecutorConfig,
  credentials: ResolvedCredentials,
  body: string,
): Record<string, string> {
  const { auth } = config;
  switch (auth.type) {
    case 'none':
      return {};
    case 'bearer':
      return { authorization: `Bearer ${credentials.token ?? ''}` };
    case 'basic':
      return { authorization: `Basic ${basicToken(auth.username, credentials.password ?? '')}` };
    case 'hmac': {
      const signature = createHmac('sha256', credentials.secret ?? '')
        .update(body)
        .digest('hex');
      return { [auth.header.toLowerCase()]: `${auth.prefix}${signature}` };
    }
  }
}

function basicToken(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64');
}

function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** The strings to mask in anything this executor returns. */
export function httpSecrets(config: HttpExecutorConfig, credentials: ResolvedCredentials): string[] {
  const secrets = [credentials.token, credentials.password, credentials.secret].filter(
    (secret): secret is string => secret !== undefined && secret !== '',
  );
  if (config.auth.type === 'basic')
    secrets.push(basicToken(config.auth.username, credentials.password ?? ''));
  return secrets;
}

/** One line: method, URL and a short body; auth headers are never shown. */
export function describeRequest(request: BuiltRequest): string {
  const body = request.body === undefined ? '' : ` ${shorten(request.body, 300)}`;
  return `${request.method} ${request.url}${body}`;
}

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}
