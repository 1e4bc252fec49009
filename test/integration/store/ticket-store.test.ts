import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTicket, type Ticket, withStatus } from '../../../src/domain/ticket.js';
import { DIAGNOSIS_STAGES } from '../../../src/pipeline/stage-catalog.js';
import { createTicketStore } from '../../../src/store/ticket-store.js';
import { createTestRuntime, type TestRuntime } from '../../support/test-runtime.js';

describe('ticket store: open incidents at a glance', () => {
  let runtime: TestRuntime;
  const open = async (system: string, minute: number): Promise<Ticket> => {
    const ticket = newTicket({
      id: await runtime.ctx.tickets.nextId(),
      system,
      issue: `${system} is failing`,
      sev: 'sev2',
      source: 'alert',
      channel: null,
      fingerprint: `${system}:failing`,
      now: new Date(Date.UTC(2026, 10, 22, 10, minute)),
    });
    await runtime.ctx.tickets.create(ticket);
    return ticket;
  };
  const headOf = ({ id, status, system, createdAt }: Ticket) => ({ id, status, system, createdAt });

  beforeEach(() => {
    runtime = createTestRuntime();
  });
  afterEach(() => runtime.dispose());

  it('lists the heads of open incidents, as their latest writes left them', async () => {
    const api = await open('api', 0);
    const database = await open('database', 1);
    const closed = await open('cache', 2);
    const renamed = await runtime.ctx.tickets.update(api.id, (current) => ({
      ...current,
      system: 'api-gateway',
    }));
    await runtime.ctx.tickets.update(closed.id, (current) =>
      withStatus(current, 'Resolved', { now: new Date(Date.UTC(2026, 10, 22, 10, 3)) }),
    );

    expect(await runtime.ctx.tickets.listOpenHeads()).toEqual([headOf(renamed), headOf(database)]);
  });

  it('reads the document of a ticket written before its head was kept beside it', async () => {
    const legacy = await open('worker', 0);
    const redis = new Redis(runtime.redisUrl);
    try {
      await redis.hdel(runtime.keys.ticket(legacy.id), 'status', 'system', 'createdAt');
    } finally {
      redis.disconnect();
    }
    expect(await runtime.ctx.tickets.listOpenHeads()).toEqual([expect.objectContaining(headOf(legacy))]);
  });

  it('keeps alerts that joined beside the document: every read carries them, updates neither drop nor copy them', async () => {
    const ticket = await open('api', 0);
    const tickets = runtime.ctx.tickets;
    const other = createTicketStore(runtime.redis, runtime.keys);
    const join = (id: string, joined: string[]) =>
      runtime.ingest.joinIncident(id, {
        statuses: joined.map((fingerprint) => [fingerprint, 'firing']),
        joined,
      });
    expect((await join(ticket.id, ['fp-1', 'fp-2'])).fresh).toEqual(['fp-1', 'fp-2']);
    // A retried delivery's second pass adds nothing.
    expect((await join(ticket.id, ['fp-2', 'fp-1'])).fresh).toEqual([]);
    await tickets.update(ticket.id, (current) => ({ ...current, issue: 'api is slow' }));
    expect((await tickets.require(ticket.id)).alerts).toEqual(['fp-1', 'fp-2']);
    // Joins do not move the version: a copy this process holds still commits, keeping later joins.
    expect((await join(ticket.id, ['fp-3'])).fresh).toEqual(['fp-3']);
    await tickets.update(ticket.id, (current) => ({ ...current, issue: 'api is down' }));
    const stored = await other.require(ticket.id);
    expect(stored).toMatchObject({ issue: 'api is down', alerts: ['fp-1', 'fp-2', 'fp-3'] });
    expect(stored.version).toBe(ticket.version + 2);
    const [doc] = await runtime.redis.hmget(runtime.keys.ticket(ticket.id), 'doc');
    expect(JSON.parse(doc ?? '{}').alerts).toEqual([]);
    expect((await tickets.listRecent(5)).map((listed) => listed.alerts)).toEqual([['fp-1', 'fp-2', 'fp-3']]);
    const triage = { ...DIAGNOSIS_STAGES.triage, state: 'running' as const, attempt: 1 };
    const started = await runtime.ctx.stages.start(ticket.id, triage, ['Diagnosing']);
    expect(started.ticket.alerts).toEqual(['fp-1', 'fp-2', 'fp-3']);
    await expect(join('INC-9999', ['fp-1'])).rejects.toThrow(/No incident INC-9999/);
    // A redelivery for an incident whose keys are gone changes nothing.
    expect(
      await runtime.ingest.joinIncident('INC-9999', { statuses: [['fp-1', 'resolved']], joined: [] }),
    ).toEqual({
      fresh: [],
      sync: undefined,
    });
    expect(await runtime.redis.exists(runtime.keys.incidentAlerts('INC-9999'))).toBe(0);
  });

  describe('two processes updating one ticket', () => {
    let otherConnection: Redis;
    beforeEach(() => {
      otherConnection = new Redis(runtime.redisUrl);
    });
    afterEach(() => {
      otherConnection.disconnect();
    });

    it('loses no write when the copy this process knows is stale', async () => {
      const mine = runtime.ctx.tickets;
      const theirs = createTicketStore(otherConnection, runtime.keys);
      const ticket = await open('api', 0);
      await mine.get(ticket.id);
      await theirs.update(ticket.id, (current) => ({ ...current, alerts: [...current.alerts, 'fp-theirs'] }));
      await mine.update(ticket.id, (current) => ({ ...current, alerts: [...current.alerts, 'fp-mine'] }));

      const stored = await theirs.require(ticket.id);
      expect(stored.alerts).toEqual(['fp-theirs', 'fp-mine']);
      expect(stored.version).toBe(ticket.version + 2);
    });

    it('does not take a stale copy that needs no change for the truth', async () => {
      const mine = runtime.ctx.tickets;
      const theirs = createTicketStore(otherConnection, runtime.keys);
      const ticket = await open('api', 0);
      await mine.get(ticket.id);
      await theirs.update(ticket.id, (current) =>
        withStatus(current, 'False_Positive', { now: new Date(Date.UTC(2026, 10, 22, 10, 1)) }),
      );
      const reopened = await mine.update(ticket.id, (current) =>
        current.status === 'False_Positive'
          ? withStatus(current, 'Diagnosing', { now: new Date(Date.UTC(2026, 10, 22, 10, 2)), by: 'U1' })
          : undefined,
      );

      expect(reopened.status).toBe('Diagnosing');
      expect((await theirs.require(ticket.id)).history.map((entry) => entry.to)).toEqual([
        'Diagnosing',
        'False_Positive',
        'Diagnosing',
      ]);
    });
  });
});
