import { afterEach, describe, expect, it } from 'vitest';
import { createRedis, type Redis } from '../../../src/store/redis.js';
import { type FakeSentinel, startFakeSentinel } from '../../support/fake-sentinel.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import { testRedisUrl, waitFor } from '../../support/test-runtime.js';

const NAME = 'warroom-test';

/** The connection's current server, by the local port its stream goes to. */
function serverPortOf(connection: Redis): number | undefined {
  return (connection as unknown as { stream?: { remotePort?: number } }).stream?.remotePort;
}

// Two loopback proxies to the test Redis stand for two servers, the old primary and the new, both
// answering: only the sentinel's announcement can move a connection from one to the other.
describe('a Sentinel connection told of a failover (a fake sentinel, two TCP proxies to the test Redis)', () => {
  let proxies: TcpProxy[] = [];
  let sentinel: FakeSentinel | undefined;
  let connection: Redis | undefined;

  async function connectThroughSentinel() {
    const target = new URL(testRedisUrl());
    const redis = { host: target.hostname, port: Number(target.port || 6379) };
    proxies = [await startTcpProxy(redis), await startTcpProxy(redis)];
    const [oldPrimary, newPrimary] = proxies.map((proxy) => ({ host: '127.0.0.1', port: proxy.port }));
    if (!oldPrimary || !newPrimary) throw new Error('no proxies');
    sentinel = await startFakeSentinel(NAME, oldPrimary);
    connection = createRedis(
      { url: testRedisUrl(), sentinel: { nodes: [{ host: '127.0.0.1', port: sentinel.port }], name: NAME } },
      'command',
    );
    connection.on('error', () => undefined);
    expect(await connection.ping()).toBe('PONG');
    expect(serverPortOf(connection)).toBe(oldPrimary.port);
    return { sentinel, connection, oldPrimary, newPrimary };
  }

  afterEach(async () => {
    connection?.disconnect();
    await sentinel?.close();
    await Promise.all(proxies.map((proxy) => proxy.close()));
  });

  it('moves to the new primary though the old one still answers', async () => {
    const { sentinel, connection, newPrimary } = await connectThroughSentinel();
    sentinel.switchTo(newPrimary);
    await waitFor(() => (serverPortOf(connection) === newPrimary.port ? true : undefined), {
      timeoutMs: 5_000,
      what: 'the connection on the new primary',
    });
    expect(await connection.ping()).toBe('PONG');
  });

  it('keeps a connection that is reconnecting when the announcement comes: its commands run on the new primary', async () => {
    const { sentinel, connection, newPrimary } = await connectThroughSentinel();
    let ended = false;
    connection.on('end', () => {
      ended = true;
    });
    sentinel.answerDelayMs = 400;
    // The primary's connection drops (it died); the reconnect asks the sentinel, which is slow.
    (connection as unknown as { stream: { destroy(): void } }).stream.destroy();
    const queued = connection.ping();
    await waitFor(() => (connection.status === 'connecting' ? true : undefined), {
      timeoutMs: 5_000,
      what: 'the connection asking the sentinel again',
    });
    sentinel.switchTo(newPrimary);

    expect(await queued).toBe('PONG');
    expect(ended).toBe(false);
    expect(connection.status).toBe('ready');
    expect(serverPortOf(connection)).toBe(newPrimary.port);
  });
});
