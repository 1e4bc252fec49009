import { webhookRoutes } from '../../src/http/webhooks/index.js';
import { createQueueSink } from '../../src/pipeline/ingest/queue-sink.js';
import type { RuntimeOptions } from '../../src/runtime.js';
import { type RouteServer, startRouteServer } from './route-server.js';
import { createTestRuntime, silentLogger, type TestRuntime } from './test-runtime.js';

export interface IngestBed {
  rt: TestRuntime;
  /** POSTs `body` as JSON to `/webhooks/<source>` with the bed's bearer token. */
  post(source: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The real webhook routes, queue sink and ingest worker on the real Redis (and the crew, with `diagnose`). */
export async function startIngestBed(
  token: string,
  options: { diagnose?: boolean; runtime?: Partial<RuntimeOptions> } = {},
): Promise<IngestBed> {
  const rt = createTestRuntime(options.runtime);
  rt.startIngestWorker();
  if (options.diagnose) rt.startIncidentWorker({ concurrency: 4 });
  const sink = createQueueSink(rt.ingest, rt.ctx.queues);
  const server: RouteServer = await startRouteServer(
    webhookRoutes({ webhookToken: token, sink, logger: silentLogger() }),
  );
  return {
    rt,
    post: (source, body) =>
      fetch(`${server.url}/webhooks/${source}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      }),
    async close() {
      await server.close();
      await rt.dispose();
    },
  };
}
