import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { describeEndpoint, hostPorts, parseHostPort } from '../../../src/store/redis-endpoint.js';

describe('Redis endpoints', () => {
  it('reads host:port and [ipv6]:port, and refuses anything else', () => {
    expect(parseHostPort('sentinel-1:26379')).toEqual({ host: 'sentinel-1', port: 26379 });
    expect(parseHostPort(' [::1]:7000 ')).toEqual({ host: '::1', port: 7000 });
    for (const bad of ['sentinel-1', ':26379', 'host:0', 'host:70000', 'a b:1', 'redis://h:1']) {
      expect(parseHostPort(bad)).toBeUndefined();
    }
    expect(() => hostPorts(['h:1', 'nope'])).toThrow(/Not host:port: nope/);
  });

  it('describes where it connects without the password', () => {
    expect(describeEndpoint({ url: 'redis://:secret@10.0.0.5:6380/2' })).toBe('redis://10.0.0.5:6380/2');
    const sentinel = { nodes: hostPorts(['s1:26379', 's2:26379']), name: 'warroom' };
    expect(describeEndpoint({ url: 'redis://:secret@x', sentinel })).toBe(
      'sentinel warroom via s1:26379,s2:26379',
    );
  });

  it('takes sentinels with the name they monitor, and refuses one without the other', () => {
    const config = loadConfig({ REDIS_SENTINELS: 's1:26379, s2:26379', REDIS_SENTINEL_NAME: 'warroom' });
    expect(config.REDIS_SENTINELS).toEqual(['s1:26379', 's2:26379']);
    expect(config.REDIS_WAIT_REPLICA_MS).toBe(500);
    expect(() => loadConfig({ REDIS_WAIT_REPLICA_MS: '-1' })).toThrow(/REDIS_WAIT_REPLICA_MS/);
    expect(() => loadConfig({ REDIS_SENTINELS: 's1:26379' })).toThrow(/REDIS_SENTINEL_NAME: required/);
    expect(() => loadConfig({ REDIS_SENTINEL_NAME: 'warroom' })).toThrow(/REDIS_SENTINELS: required/);
    expect(() => loadConfig({ REDIS_SENTINELS: 's1', REDIS_SENTINEL_NAME: 'w' })).toThrow(/host:port/);
  });
});
