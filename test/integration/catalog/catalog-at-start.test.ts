import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { startWarroom, type Warroom } from '../../../src/main.js';
import { writeKubeconfig } from '../../support/kubeconfig.js';
import {
  deleteKeysWithPrefix,
  silentLogger,
  testRedisUrl,
  uniquePrefix,
} from '../../support/test-runtime.js';

const kubeconfigDir = mkdtempSync(join(tmpdir(), 'warroom-catalog-'));
afterAll(() => rmSync(kubeconfigDir, { recursive: true, force: true }));

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
      KUBECONFIG: writeKubeconfig(kubeconfigDir, 'https://127.0.0.1:6443', 'example-token', 'prod-eu-west-1'),
    });
    const credentialEnv = {
      SUPERVISOR_PASSWORD: 'lab-password',
      AUTOMATION_TOKEN: 'automation-token',
      LEDGER_PG_PASSWORD: 'ledger-password',
      BASTION_SSH_KEY: 'bastion-key',
    };
    warroom = await startWarroom(config, { logger: silentLogger(), credentialEnv });
    const catalog = warroom.runtime.ctx.catalog;
    expect(catalog?.find('storefront')?.name).toBe('checkout');
    expect(catalog?.services).toHaveLength(6);
    expect(warroom.estate.executors?.names).toEqual([
      'prod-k8s',
      'ledger-postgres',
      'lab-supervisor',
      'ops-automation',
      'bastion',
      'local-scripts',
      'on-call-human',
    ]);
    expect(warroom.estate.executors?.forService('fraud-check')?.kind).toBe('supervisor');
    // Diagnosis reads payments' deployment through prod-k8s; nothing answers on 127.0.0.1:6443.
    const workloads = warroom.runtime.ctx.workloads;
    expect(await workloads?.read('fraud-check', AbortSignal.timeout(5000))).toBeUndefined();
    expect(await workloads?.read('payments', AbortSignal.timeout(5000))).toMatchObject({
      available: false,
      namespace: 'storefront',
      deployment: 'payments',
      source: 'Kubernetes API via executor prod-k8s',
      reason: expect.stringMatching(/^the Kubernetes API could not be reached/),
    });
  });
});
