import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTicket, type Ticket, withStatus } from '../../../src/domain/ticket.js';
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
});
