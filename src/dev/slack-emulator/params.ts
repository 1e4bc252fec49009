/**
 * Reading Web API parameters the way Slack does: form-encoded, JSON or multipart bodies (plus query
 * string), with `blocks`, `attachments`, `view`, `metadata` and `files` arriving as JSON strings in
 * forms and as values in JSON bodies.
 */
import type { IncomingMessage } from 'node:http';
import type { JsonObject } from './types.js';

export const JSON_STRING_FIELDS = [
  'blocks',
  'attachments',
  'view',
  'metadata',
  'files',
  'payload',
  'document_content',
  'chunks',
  'loading_messages',
] as const;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<JsonObject> {
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  const out: JsonObject = {};
  for (const [key, value] of form.entries()) {
    out[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
  }
  return out;
}

/** Parameters from query string and body; `undefined` when a JSON body does not parse. */
export async function parseParams(
  raw: Buffer,
  contentType: string | undefined,
  query: URLSearchParams,
): Promise<JsonObject | undefined> {
  const params: JsonObject = Object.fromEntries(query.entries());
  const type = (contentType ?? '').toLowerCase();
  if (raw.length === 0) return params;
  if (type.startsWith('application/json')) {
    try {
      const body: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
      return { ...params, ...(body as JsonObject) };
    } catch {
      return undefined;
    }
  }
  if (type.startsWith('multipart/form-data')) return { ...params, ...(await parseMultipart(raw, type)) };
  return { ...params, ...Object.fromEntries(new URLSearchParams(raw.toString('utf8')).entries()) };
}

export type JsonField =
  | { present: false }
  | { present: true; value: unknown }
  | { present: true; invalid: true };

/** A field that may be a JSON string (form bodies) or an already-decoded value (JSON bodies). */
export function jsonField(params: JsonObject, key: string): JsonField {
  const raw = params[key];
  if (raw === undefined || raw === null || raw === '') return { present: false };
  if (typeof raw !== 'string') return { present: true, value: raw };
  try {
    return { present: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { present: true, invalid: true };
  }
}

/** A copy of the params with JSON-string fields decoded where they decode (for call records). */
export function decodedForRecord(params: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(params)) {
    if (Buffer.isBuffer(value)) out[key] = `<${value.length} bytes>`;
    else out[key] = value;
  }
  for (const key of JSON_STRING_FIELDS) {
    const field = jsonField(params, key);
    if (field.present && 'value' in field) out[key] = field.value;
  }
  return out;
}

export function str(params: JsonObject, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function flag(params: JsonObject, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function int(params: JsonObject, key: string): number | undefined {
  const value = str(params, key);
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? undefined : n;
}
