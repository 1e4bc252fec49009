import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { startWarroom, type Warroom } from '../../../src/main.js';
import {
  deleteKeysWithPrefix,
  silentLogger,
  testRedisUrl,
  uniquePrefix,
} from '../../support/test-runtime.js';

describe('WARROOM_CATALOG at start', () => {
  const prefix = uniquePrefix('catalog');
  let warroom: Warroom | undefined;

  afterEach(async () => {
    await warroom?.close();
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('hands the checked catalog to the pipeline context', async () => {
    const config = loadConfig({
      ROLE: 'worker',
      SLACK_BOT_TOKEN: 'xoxb-catalog-test',
      SLACK_SIGNING_SECRET: 'secret',
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'silent',
      MONITOR_INTERVAL_SECONDS: '0',
      WARROOM_CATALOG: 'catalog.example.yaml',
    });
    const credentialEnv = { SUPERVISOR_PASSWORD: 'lab-password', AUTOMATION_TOKEN: 'automation-token' };
    warroom = await startWarroom(config, { logger: silentLogger(), credentialEnv });
    const catalog = warroom.runtime.ctx.catalog;
    expect(catalog?.find('storefront')?.name).toBe('checkout');
    expect(catalog?.services).toHaveLength(6);
    expect(warroom.estate.executors?.names).toEqual([
      'lab-supervisor',
      'ops-automation',
      'local-scripts',
      'on-call-human',
    ]);
    expect(warroom.estate.executors?.forService('fraud-check')?.kind).toBe('supervisor');
  });
});
