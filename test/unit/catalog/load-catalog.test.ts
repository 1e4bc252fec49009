import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { startWarroom } from '../../../src/main.js';

const directory = mkdtempSync(join(tmpdir(), 'warroom-catalog-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

async function problemsLoading(paths: readonly string[]): Promise<string[]> {
  const error = await loadCatalog(paths).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

const bad = `services:
  - name: payments
    tier: 1
    dependsOn: [ledger]
`;

describe('loading WARROOM_CATALOG at start', () => {
  it('reads the comma-separated files config names', async () => {
    const config = loadConfig({
      WARROOM_CATALOG: 'examples/backstage/catalog-info.yaml, examples/backstage/warroom.yaml',
    });
    expect(config.WARROOM_CATALOG).toEqual([
      'examples/backstage/catalog-info.yaml',
      'examples/backstage/warroom.yaml',
    ]);
    const catalog = await loadCatalog(config.WARROOM_CATALOG);
    expect(catalog?.services.map((service) => service.name)).toEqual([
      'payments',
      'fraud-check',
      'ledger-db',
    ]);
  });

  it('has no catalog when none is configured: the simulated estate stands', async () => {
    expect(loadConfig({}).WARROOM_CATALOG).toEqual([]);
    expect(await loadCatalog([])).toBeUndefined();
  });

  it('refuses a bad catalog with every problem listed, each with its file and line', async () => {
    const path = file('bad.yaml', bad);
    expect(await problemsLoading([path])).toEqual([
      `WARROOM_CATALOG: ${path}:4 services[0].dependsOn[0]: unknown dependency "ledger": no service or alias has this name`,
    ]);
  });

  it('refuses a file it cannot read', async () => {
    const missing = join(directory, 'missing.yaml');
    expect(await problemsLoading([missing])).toEqual([
      `WARROOM_CATALOG: ${missing}: cannot read the file (ENOENT)`,
    ]);
  });

  it('keeps the process from starting, before it connects to anything', async () => {
    const config = loadConfig({
      WARROOM_CATALOG: file('bad-start.yaml', bad),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      REDIS_URL: 'redis://127.0.0.1:1',
      LOG_LEVEL: 'silent',
    });
    await expect(startWarroom(config)).rejects.toThrow(
      /WARROOM_CATALOG: .*bad-start\.yaml:4 services\[0\]\.dependsOn\[0\]/,
    );
  });
});
