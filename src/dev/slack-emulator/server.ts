/**
 * The emulator's HTTP side: `/api/{method}` (Web API), `/upload/{fileId}` (file bytes) and
 * `/response/{id}` (response_url). Injected faults and delays are applied here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DispatchOptions, dispatchApiCall, tokenOf } from './api-dispatch.js';
import { describeFault, type FaultKind, type FaultPlan } from './faults.js';
import { acceptUpload, UPLOAD_PATH } from './methods-files.js';
import { decodedForRecord, jsonField, parseParams, readBody } from './params.js';
import { handleResponseUrlPost, RESPONSE_PATH } from './response-url.js';
import type { EmulatorStore } from './store.js';
import type { CallRecord, JsonObject } from './types.js';

const API_PATH = '/api/';

export interface ServerDeps extends DispatchOptions {
  store: EmulatorStore;
  faults: FaultPlan;
}

function send(
  res: ServerResponse,
  status: number,
  body: JsonObject | string,
  headers: Record<string, string> = {},
) {
  const isJson = typeof body !== 'string';
  const payload = isJson ? JSON.stringify(body) : body;
  res.writeHead(status, {
    'content-type': isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    ...headers,
  });
  res.end(payload);
}

function finish(record: CallRecord, status: number | undefined, body: JsonObject | undefined): void {
  record.status = status;
  record.ok = body?.ok === true;
  record.error = body && body.ok !== true && typeof body.error === 'string' ? body.error : undefined;
}

function sendFault(res: ServerResponse, record: CallRecord, fault: FaultKind): void {
  record.fault = describeFault(fault);
  if ('error' in fault) {
    const body = { ok: false, error: fault.error };
    finish(record, 200, body);
    send(res, 200, body);
  } else if ('status' in fault && fault.status === 429) {
    const body = { ok: false, error: 'ratelimited' };
    finish(record, 429, body);
    send(res, 429, body, { 'retry-after': String(fault.retryAfter ?? 1) });
  } else if ('status' in fault) {
    finish(record, fault.status, undefined);
    send(res, fault.status, fault.status === 503 ? 'Service Unavailable' : 'Internal Server Error');
  }
}

async function handleApi(
  deps: ServerDeps,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const method = url.pathname.slice(API_PATH.length);
  const params = await parseParams(await readBody(req), req.headers['content-type'], url.searchParams);
  const record: CallRecord = {
    method,
    params: params ? decodedForRecord(params) : {},
    at: deps.store.now(),
    status: undefined,
    ok: undefined,
    error: undefined,
    fault: undefined,
  };
  deps.store.calls.push(record);
  const fault = deps.faults.takeFault(method);
  const delayMs = deps.faults.takeDelay(method);
  if (fault !== undefined && !('lostAnswer' in fault)) {
    if (delayMs > 0) await sleep(delayMs);
    sendFault(res, record, fault);
    return;
  }
  if (params === undefined) {
    const body = { ok: false, error: 'invalid_json' };
    finish(record, 200, body);
    send(res, 200, body);
    return;
  }
  const token = tokenOf(req.headers.authorization, params);
  const outcome = dispatchApiCall(method, { params, store: deps.store, origin }, token, deps);
  if (delayMs > 0) await sleep(delayMs);
  if (fault !== undefined && 'lostAnswer' in fault) {
    record.fault = describeFault(fault);
    const performed = outcome.kind === 'answer' ? outcome.answer : undefined;
    finish(record, fault.lostAnswer === 'status500' ? 500 : undefined, performed);
    if (fault.lostAnswer === 'status500') send(res, 500, 'Internal Server Error');
    else req.socket.destroy();
    return;
  }
  if (outcome.kind === 'rateLimited') {
    if (outcome.limit === 'posting') deps.store.rateLimitedByPostingLimit += 1;
    else deps.store.rateLimitedByUpdateLimit += 1;
    record.fault = outcome.limit === 'posting' ? 'postingLimit' : 'updateLimit';
    const body = { ok: false, error: 'ratelimited' };
    finish(record, 429, body);
    send(res, 429, body, { 'retry-after': String(outcome.retryAfterSec) });
    return;
  }
  finish(record, 200, outcome.answer);
  send(res, 200, outcome.answer);
}

async function handleUpload(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, url: URL) {
  const raw = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  let bytes = raw;
  if (type.startsWith('multipart/form-data')) {
    const form = await parseParams(raw, type, new URLSearchParams());
    bytes = Object.values(form ?? {}).find((v): v is Buffer => Buffer.isBuffer(v)) ?? Buffer.alloc(0);
  }
  const answer = acceptUpload(deps.store, url.pathname.slice(UPLOAD_PATH.length), bytes);
  send(res, answer.status, answer.body);
}

async function handleResponseUrl(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, url: URL) {
  const params = await parseParams(await readBody(req), req.headers['content-type'], new URLSearchParams());
  const payload = params ? jsonField(params, 'payload') : undefined;
  const body = payload?.present ? ('value' in payload ? (payload.value as JsonObject) : undefined) : params;
  const answer = handleResponseUrlPost(deps.store, url.pathname.slice(RESPONSE_PATH.length), body);
  send(res, answer.status, answer.body);
}

export interface RunningServer {
  server: Server;
  origin: string;
}

export async function listen(deps: ServerDeps, port: number): Promise<RunningServer> {
  let origin = '';
  const server = createServer((req, res) => {
    res.on('error', () => {});
    const url = new URL(req.url ?? '/', origin);
    const route = url.pathname.startsWith(API_PATH)
      ? handleApi(deps, origin, req, res, url)
      : url.pathname.startsWith(UPLOAD_PATH) && req.method === 'POST'
        ? handleUpload(deps, req, res, url)
        : url.pathname.startsWith(RESPONSE_PATH) && req.method === 'POST'
          ? handleResponseUrl(deps, req, res, url)
          : Promise.resolve(send(res, 404, { ok: false, error: 'not_found' }));
    route.catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, `emulator error: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin };
}
