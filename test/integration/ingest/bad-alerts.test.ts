import { afterEach, describe, expect, it } from 'vitest';
import { ISSUE_MAX_CHARS } from '../../../src/ingest/alert.js';
import { alertFixture } from '../../support/alert-fixtures.js';
import { type IngestBed, startIngestBed } from '../../support/ingest-bed.js';
import { type TestRuntime, waitFor } from '../../support/test-runtime.js';

const TOKEN = 'ingest-bad-alerts-token';

interface AmGroup {
  alerts: Array<{ labels: Record<string, string>; startsAt: string }>;
}

describe('bad alerts beside good ones, through the real route, Redis and ingest worker', () => {
  let bed: IngestBed | undefined;
  afterEach(async () => {
    await bed?.close();
    bed = undefined;
  });

  async function start(options: { diagnose?: boolean } = {}) {
    bed = await startIngestBed(TOKEN, options);
    return bed;
  }

  async function settled(rt: TestRuntime) {
    const queue = rt.ctx.queues.queue('ingest');
    await waitFor(
      async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed');
        const pending = (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0);
        return pending === 0 ? true : undefined;
      },
      { what: 'the ingest queue to drain' },
    );
  }

  it('opens each alert of a group once when one has a 600-char alertname (once: the good one 9 times)', async () => {
    const { rt, post } = await start();
    const group = alertFixture('alertmanager-firing-two-alerts-same-group.json') as AmGroup;
    const longName = `Overheating ${'x'.repeat(600)}`;
    const [first, second] = group.alerts;
    if (!first || !second) throw new Error('the fixture has two alerts');
    const now = new Date().toISOString();
    first.startsAt = now;
    second.startsAt = now;
    second.labels = { ...second.labels, alertname: longName, host: 'otherhost' };
    expect((await post('alertmanager', group)).status).toBe(202);
    await settled(rt);
    const tickets = await rt.ctx.tickets.listRecent(20);
    expect(tickets.map((ticket) => ticket.id).sort()).toEqual(['INC-0001', 'INC-0002']);
    const clipped = tickets.find((ticket) => ticket.system === 'otherhost');
    expect(clipped?.issue).toHaveLength(ISSUE_MAX_CHARS);
    expect(tickets.find((ticket) => ticket.system === 'andromeda')?.issue).toBe('High CPU Temperature');
    const failed = await rt.ctx.queues.queue('ingest').getJobCounts('failed');
    expect(failed.failed ?? 0).toBe(0);
  });

  it('places the good alerts of a stored batch whose neighbour fails the schema, without retrying', async () => {
    const { rt, post } = await start();
    // Written as an older version would have: one alert whose system is not text.
    const now = new Date().toISOString();
    const good = (system: string) => ({
      source: 'generic',
      fingerprint: `fp-${system}`,
      status: 'firing',
      system,
      issue: `${system} errors`,
      severity: 'sev2',
      labels: {},
      annotations: {},
      startsAt: now,
      endsAt: null,
      links: [],
    });
    const batch = {
      source: 'generic',
      receivedAt: now,
      alerts: [good('billing'), { ...good('bad'), system: {} }, good('search')],
    };
    await rt.redis.set(rt.keys.alertBatch('legacy1'), JSON.stringify(batch));
    await rt.ctx.queues.add('ingest', { batchId: 'legacy1' });
    await settled(rt);
    const systems = (await rt.ctx.tickets.listRecent(20)).map((ticket) => ticket.system).sort();
    expect(systems).toEqual(['billing', 'search']);
    const counts = await rt.ctx.queues.queue('ingest').getJobCounts('failed', 'completed');
    expect(counts).toMatchObject({ failed: 0 });
    // The route still serves: a fresh delivery opens its own incident.
    expect((await post('generic', { system: 'payments', issue: 'declines' })).status).toBe(202);
    await settled(rt);
    expect(await rt.ctx.tickets.listRecent(20)).toHaveLength(3);
  });

  it('diagnoses an incident on a service named constructor with no stage failing', async () => {
    const { rt, post } = await start({ diagnose: true });
    expect((await post('generic', { system: 'constructor', issue: 'errors above 5%' })).status).toBe(202);
    await settled(rt);
    const [ticket] = await rt.ctx.tickets.listRecent(5);
    expect(ticket?.system).toBe('constructor');
    const runs = await waitFor(
      async () => {
        const all = await rt.ctx.stages.runs(ticket?.id ?? '');
        return all.some((run) => run.key === 'rca' && run.state !== 'pending' && run.state !== 'running')
          ? all
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the diagnosis to reach its root cause' },
    );
    expect(runs.filter((run) => run.state === 'failed').map((run) => run.key)).toEqual([]);
  });
});
