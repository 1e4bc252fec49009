import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server received it: raw path and query, headers, body text. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Responder = (request: ReceivedRequest, response: ServerResponse) => void;

export interface AutomationServer {
  url: string;
  received: ReceivedRequest[];
  /** Answers requests whose path (without query) is `path`; anything else gets a 404. */
  on(path: string, responder: Responder): void;
  /** Resolves when the server has received `count` requests in all. */
  receivedCount(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server standing in for Rundeck, AWX, GitHub or a webhook, recording what it got. */
export async function startAutomationServer(): Promise<AutomationServer> {
  const received: ReceivedRequest[] = [];
  const responders = new Map<string, Responder>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      for (const waiter of waiters.filter((waiting) => received.length >= waiting.count)) waiter.resolve();
      const responder = responders.get(request.url.split('?')[0] ?? '');
      if (responder === undefined) res.writeHead(404).end('no route');
      else responder(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    on: (path, responder) => responders.set(path, responder),
    receivedCount: (count) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
