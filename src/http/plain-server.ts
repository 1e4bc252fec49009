import { createServer, type Server } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { sendJson } from './respond.js';

/** Serves custom routes without Bolt: the worker role still answers /healthz and /readyz. */
export async function startPlainServer(routes: CustomRoute[], port: number, host?: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((candidate) => {
      const methods = Array.isArray(candidate.method) ? candidate.method : [candidate.method];
      return candidate.path === path && methods.includes(req.method ?? 'GET');
    });
    if (!route) return sendJson(res, 404, { ok: false, error: 'not_found' });
    return route.handler(Object.assign(req, { params: {} }), res);
  });
  await new Promise<void>((resolve) => server.listen({ port, ...(host ? { host } : {}) }, resolve));
  return server;
}
