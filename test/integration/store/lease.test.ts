import { afterEach, describe, expect, it } from 'vitest';
import { releaseLease, renewLease, withLease } from '../../../src/store/lease.js';
import type { Redis } from '../../../src/store/redis.js';
import { closeRedis, createRedis } from '../../../src/store/redis.js';
import { type OwnRedis, ownRedis } from '../../support/own-redis.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../support/test-runtime.js';

describe('leases', () => {
  let redis: Redis | undefined;
  let own: OwnRedis | undefined;
  const prefix = uniquePrefix('lease');

  afterEach(async () => {
    if (redis) await closeRedis(redis);
    redis = undefined;
    await own?.dispose();
    own = undefined;
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('are renewed and released only by the token that holds them', async () => {
    const connection = createRedis(testRedisUrl(), 'command');
    redis = connection;
    const key = `${prefix}:lease`;
    // A holder stalled past its lease's expiry while another worker took the lease.
    await connection.set(key, 'new-holder', 'PX', 5_000);

    expect(await renewLease(connection, key, 'stalled-holder', 60_000)).toBe(false);
    expect(await releaseLease(connection, key, 'stalled-holder')).toBe(false);
    expect(await connection.get(key)).toBe('new-holder');
    expect(await connection.pttl(key)).toBeLessThanOrEqual(5_000);

    expect(await renewLease(connection, key, 'new-holder', 60_000)).toBe(true);
    expect(await connection.pttl(key)).toBeGreaterThan(5_000);
    expect(await releaseLease(connection, key, 'new-holder')).toBe(true);
    expect(await connection.exists(key)).toBe(0);
  });

  it('are released once Redis is back when their work ended during an outage', async () => {
    own = await ownRedis();
    const server = own;
    const connection = createRedis(server.url, 'command');
    redis = connection;
    const key = 'outbox-lease';

    const leased = withLease(connection, key, 60_000, async () => {
      await server.stop();
      return 'synced';
    });
    // Three failed reconnections: past maxRetriesPerRequest (2), so the release has failed at least
    // once. Then Redis comes back, with its data.
    await new Promise<void>((resolve) => {
      let failures = 0;
      const count = () => {
        failures += 1;
        if (failures < 3) return;
        connection.off('error', count);
        resolve();
      };
      connection.on('error', count);
    });
    await server.start();

    expect(await leased).toEqual({ ran: true, value: 'synced' });
    expect(await connection.exists(key)).toBe(0);
    // The next holder gets it at once instead of waiting out the 60 s TTL.
    expect(await withLease(connection, key, 60_000, async () => 'next')).toEqual({
      ran: true,
      value: 'next',
    });
  });
});
