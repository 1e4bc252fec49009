import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules } from '../../../lab/config/alert-rules.js';
import { alertmanagerConfig } from '../../../lab/config/alertmanager-config.js';
import { prometheusConfig, RULES_FILE } from '../../../lab/config/prometheus-config.js';
import { requireTool, skipForMissingTool } from '../../support/ci-tools.js';
import { SAMPLE_LAB_LAYOUT } from '../../support/lab-layout.js';

function which(binary: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const promtool = which('promtool');
const amtool = which('amtool');
const missing =
  promtool && amtool
    ? undefined
    : 'promtool and amtool come with Debian prometheus and prometheus-alertmanager (apt-get install -y prometheus prometheus-alertmanager)';
const skipTools = skipForMissingTool(missing);

const layout = SAMPLE_LAB_LAYOUT;

describe.skipIf(skipTools)('generated lab configs, as promtool and amtool read them', () => {
  let dir = '';

  beforeAll(async () => {
    requireTool(missing);
    dir = await mkdtemp(join(tmpdir(), 'warroom-lab-configs-'));
    await writeFile(join(dir, 'prometheus.yml'), prometheusConfig(layout));
    await writeFile(join(dir, RULES_FILE), alertRules());
    await writeFile(join(dir, 'alertmanager.yml'), alertmanagerConfig(layout));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('promtool accepts the Prometheus config and its recording and alerting rules', () => {
    const checked = spawnSync(promtool ?? 'promtool', ['check', 'config', join(dir, 'prometheus.yml')], {
      encoding: 'utf8',
    });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    expect(checked.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('amtool accepts the Alertmanager config with its webhook receiver', () => {
    const checked = spawnSync(amtool ?? 'amtool', ['check-config', join(dir, 'alertmanager.yml')], {
      encoding: 'utf8',
    });
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain(' - 1 receivers');
  });
});
