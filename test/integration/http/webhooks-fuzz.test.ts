import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_SOURCES, type AlertSource } from '../../../src/ingest/alert.js';
import { NEAR_PAYLOADS } from '../../support/alert-arbitraries.js';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server.js';

const TOKEN = 'fuzz-token';
let server: WebhookServer;

beforeAll(async () => {
  server = await startWebhookServer({ webhookToken: TOKEN, pagerdutySecrets: 'pd', grafanaSecret: 'gf' });
});
afterAll(() => server.close());

/** Posts a body; only 202, 400 and 422 may come back, and only a 202 with alerts may reach the sink. */
async function postAndCheck(source: AlertSource, body: Uint8Array | string): Promise<void> {
  const before = server.sink.batches.length;
  const response = await server.post(source, body, { authorization: `Bearer ${TOKEN}` });
  const answer = (await response.json()) as { accepted?: number };
  expect([202, 400, 422]).toContain(response.status);
  const expectedBatches = response.status === 202 && (answer.accepted ?? 0) > 0 ? 1 : 0;
  expect(server.sink.batches.length - before).toBe(expectedBatches);
}

describe.each(ALERT_SOURCES)('fuzzing POST /webhooks/%s over HTTP', (source) => {
  it('never answers 5xx to random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), (bytes) => postAndCheck(source, bytes)),
      { numRuns: 100 },
    );
  });

  it('never answers 5xx to random JSON or near-miss payloads', async () => {
    const bodies = fc
      .oneof(fc.jsonValue(), NEAR_PAYLOADS[source])
      .map((value) => JSON.stringify(value) ?? 'null');
    await fc.assert(
      fc.asyncProperty(bodies, (body) => postAndCheck(source, body)),
      { numRuns: 100 },
    );
  });

  it('is still up and serving afterwards', async () => {
    const response = await server.post('generic', '{"system":"api","issue":"after fuzzing"}', {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(response.status).toBe(202);
  });
});
