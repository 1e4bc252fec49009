import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../src/dev/local/free-port.js';
import { createPostgresHistory } from '../../src/history/postgres-history.js';
import { QUEUE_NAMES } from '../../src/pipeline/job-catalog.js';
import { gatherRecord } from '../../src/pipeline/retention/archive-handler.js';
import { APPROVE } from '../../src/slack/action-ids.js';
import { click, hasButton, threadMessage } from '../support/approval-flow.js';
import { requireTool, skipForMissingTool } from '../support/ci-tools.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { CHANNEL, injectFault, ONCALL, waitForCard } from '../support/incident-e2e.js';
import { createThrowawayDatabase, postgresMissing, type ThrowawayDatabase } from '../support/postgres.js';
import { waitFor } from '../support/test-runtime.js';

const missing = await postgresMissing();
const skip = skipForMissingTool(missing);

/** Listens on `port` and forwards to the real PostgreSQL: the closed port starts answering. */
function forwardToPostgres(port: number, target: URL): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(skip)('PostgreSQL down when an incident closes', () => {
  let e2e: E2E | undefined;
  let database: ThrowawayDatabase | undefined;
  let forwarder: net.Server | undefined;
  afterEach(async () => {
    await e2e?.close();
    await new Promise((resolve) => (forwarder ? forwarder.close(resolve) : resolve(undefined)));
    await database?.drop();
  });

  it('closes the incident in Slack, retries the archive and loses nothing once PostgreSQL answers', async () => {
    requireTool(missing);
    database = await createThrowawayDatabase();
    const real = new URL(database.url);
    const port = await freeLoopbackPort();
    const closedPort = new URL(database.url);
    closedPort.port = String(port);
    e2e = await startE2E({
      env: { DATABASE_URL: closedPort.toString() },
      overrides: { runtime: { archiveDelayMs: 200 } },
    });
    const { ctx } = e2e.warroom.runtime;

    await injectFault(e2e, 'crash api');
    const { message } = await threadMessage(e2e, CHANNEL, 'INC-0001', 'approval:r1', (current) =>
      hasButton(current, APPROVE),
    );
    await click(e2e, ONCALL, CHANNEL, message, APPROVE);
    await waitForCard(e2e, 'INC-0001', 'Resolved');

    const queue = ctx.queues.queue(QUEUE_NAMES.incident);
    const failedOnce = await waitFor(
      async () => {
        const job = await queue.getJob('INC-0001-archive');
        return job && job.attemptsMade >= 1 ? job : undefined;
      },
      { what: 'the archive job to fail against the closed port' },
    );
    expect(failedOnce.failedReason).toMatch(/ECONNREFUSED|connect/);
    expect(await ctx.retention.store.isArchived('INC-0001')).toBe(false);
    expect(await e2e.warroom.runtime.redis.pttl(e2e.warroom.runtime.keys.ticket('INC-0001'))).toBe(-1);

    forwarder = await forwardToPostgres(port, real);
    await waitFor(async () => ((await ctx.retention.store.isArchived('INC-0001')) ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the retried archive job to succeed',
    });
    const reader = createPostgresHistory(real.toString());
    try {
      const closedAtMs = (await ctx.retention.store.closedAt('INC-0001')) ?? 0;
      expect(await reader.read('INC-0001')).toEqual(await gatherRecord(ctx, 'INC-0001', closedAtMs));
    } finally {
      await reader.close();
    }
  });
});
