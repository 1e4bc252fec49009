import { Writable } from 'node:stream';
import { type WebhookOptions, webhookRoutes } from '../../src/http/webhooks/index.js';
import type { AlertSource } from '../../src/ingest/alert.js';
import { createLogger } from '../../src/log.js';
import { RecordingSink } from './recording-sink.js';
import { type RouteServer, startRouteServer } from './route-server.js';

export interface WebhookServer extends RouteServer {
  sink: RecordingSink;
  /** Every log line the routes wrote, as raw JSON text. */
  logs: string[];
  post: (
    source: AlertSource,
    body: string | Uint8Array,
    headers?: Record<string, string>,
  ) => Promise<Response>;
}

/** The webhook routes over real HTTP, with a recording sink and captured logs. */
export async function startWebhookServer(
  options: Omit<WebhookOptions, 'sink' | 'logger'> = {},
): Promise<WebhookServer> {
  const sink = new RecordingSink();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', name: 'webhooks-test' }, destination);
  const server = await startRouteServer(webhookRoutes({ ...options, sink, logger }));
  return {
    ...server,
    sink,
    logs,
    post: (source, body, headers = {}) =>
      fetch(`${server.url}/webhooks/${source}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      }),
  };
}
