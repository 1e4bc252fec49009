import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_SETTINGS, type ServiceSettings, settingsText } from '../services/service-settings.js';
import { type LabLayout, SHOP } from '../topology.js';
import { alertRules } from './alert-rules.js';
import { alertmanagerConfig } from './alertmanager-config.js';
import { catalogYaml } from './catalog.js';
import { prometheusConfig, RULES_FILE } from './prometheus-config.js';
import { runbooksYaml } from './runbooks.js';
import { supervisorConfig } from './supervisor-config.js';

export const LAB_FILES = {
  layout: 'layout.json',
  prometheus: 'prometheus.yml',
  rules: RULES_FILE,
  alertmanager: 'alertmanager.yml',
  supervisor: 'supervisord.conf',
  catalog: 'warroom-catalog.yaml',
  runbooks: 'warroom-runbooks.yaml',
} as const;

export function settingsOf(service: string): ServiceSettings {
  const spec = SHOP.find((candidate) => candidate.name === service);
  return { ...DEFAULT_SETTINGS, poolSize: spec?.poolSize ?? DEFAULT_SETTINGS.poolSize };
}

/** Every file the lab needs, by path relative to the lab directory: a pure function of the layout. */
export function labFiles(layout: LabLayout): Record<string, string> {
  const files: Record<string, string> = {
    [LAB_FILES.layout]: `${JSON.stringify(layout, null, 2)}\n`,
    [LAB_FILES.prometheus]: prometheusConfig(layout),
    [LAB_FILES.rules]: alertRules(),
    [LAB_FILES.alertmanager]: alertmanagerConfig(layout),
    [LAB_FILES.supervisor]: supervisorConfig(layout),
    [LAB_FILES.catalog]: catalogYaml(layout),
    [LAB_FILES.runbooks]: runbooksYaml(layout),
  };
  for (const service of SHOP) {
    const settings = settingsText(settingsOf(service.name));
    files[`services/${service.name}/settings.json`] = settings;
    // The last known-good copy the rollback runbook restores.
    files[`services/${service.name}/settings.good.json`] = settings;
  }
  return files;
}

export async function writeLabFiles(layout: LabLayout): Promise<void> {
  await mkdir(join(layout.dir, 'logs'), { recursive: true });
  for (const [path, text] of Object.entries(labFiles(layout))) {
    await mkdir(dirname(join(layout.dir, path)), { recursive: true });
    await writeFile(join(layout.dir, path), text, { mode: 0o600 });
  }
}
