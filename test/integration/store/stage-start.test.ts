import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StageRun } from '../../../src/domain/stage-run.js';
import { newTicket, type Ticket, withStatus } from '../../../src/domain/ticket.js';
import { DIAGNOSIS_STAGES } from '../../../src/pipeline/stage-catalog.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

const triageRun = (startedAt: string): StageRun => ({
  ...DIAGNOSIS_STAGES.triage,
  state: 'running',
  startedAt,
  attempt: 1,
});

describe('starting a stage: status check and "running" mark in one step', () => {
  let runtime: TestRuntime;
  let ticket: Ticket;
  beforeEach(async () => {
    runtime = createTestRuntime();
    ticket = newTicket({
      id: await runtime.ctx.tickets.nextId(),
      system: 'api',
      issue: 'api is slow',
      sev: 'sev2',
      source: 'inject',
      channel: null,
      fingerprint: 'api:slow',
      now: new Date('2026-11-22T10:00:00Z'),
    });
    await runtime.ctx.tickets.create(ticket);
  });
  afterEach(() => runtime.dispose());

  it('marks the stage running and records stage.started while the status allows it', async () => {
    const run = triageRun('2026-11-22T10:00:01.000Z');
    const start = await runtime.ctx.stages.start(ticket.id, run, ['Diagnosing']);

    expect(start.started).toBe(true);
    expect(start.ticket).toEqual(ticket);
    expect(await runtime.ctx.stages.runs(ticket.id)).toEqual([run]);
    const entries = await runtime.ctx.timeline.read(ticket.id);
    expect(entries.map((entry) => [entry.type, entry.at, entry.data])).toEqual([
      ['stage.started', run.startedAt, { stage: 'triage', attempt: 1 }],
    ]);
  });

  it('writes nothing once the incident has moved on, and hands back the ticket as it is', async () => {
    const resolved = await runtime.ctx.tickets.update(ticket.id, (current) =>
      withStatus(current, 'Resolved', { now: new Date('2026-11-22T10:00:02Z'), by: 'U1' }),
    );
    const start = await runtime.ctx.stages.start(ticket.id, triageRun('2026-11-22T10:00:03.000Z'), [
      'Diagnosing',
    ]);

    expect(start).toEqual({ started: false, ticket: resolved });
    expect(await runtime.ctx.stages.runs(ticket.id)).toEqual([]);
    expect(await runtime.ctx.timeline.read(ticket.id)).toEqual([]);
  });

  it('reads the status from inside a ticket written before the status was kept beside it', async () => {
    const redis = new Redis(runtime.redisUrl);
    try {
      await redis.hdel(runtime.keys.ticket(ticket.id), 'status');
      const closed = withStatus(ticket, 'Resolved', { now: new Date('2026-11-22T10:00:02Z') });
      await redis.hset(runtime.keys.ticket(ticket.id), 'doc', JSON.stringify(closed));
    } finally {
      redis.disconnect();
    }
    const run = triageRun('2026-11-22T10:00:03.000Z');
    expect((await runtime.ctx.stages.start(ticket.id, run, ['Diagnosing'])).started).toBe(false);
    expect((await runtime.ctx.stages.start(ticket.id, run, ['Resolved'])).started).toBe(true);
  });

  it('says which incident does not exist', async () => {
    await expect(
      runtime.ctx.stages.start('INC-9999', triageRun('2026-11-22T10:00:01.000Z'), ['Diagnosing']),
    ).rejects.toThrow('No incident INC-9999');
  });
});
