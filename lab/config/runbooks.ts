import { stringify } from 'yaml';
import { type LabLayout, portOf, SHOP, serviceDirs } from '../topology.js';
import { FLAGS_EXECUTOR, SHELL_EXECUTOR, SUPERVISOR_EXECUTOR } from './catalog.js';
import { YAML_OPTIONS } from './yaml-options.js';

/** Lab faults as the domain names them (src/domain/faults.ts). */
const RESTART_FIXES = ['crash', 'memory_leak', 'slow', 'web_5xx', 'dependency_down'];

/**
 * Per service: restart through supervisord (what ends the in-process faults), restore the last
 * known-good settings and restart (bad_config), turn the journal off over HTTP and delete bulk
 * files with a local command (disk_full).
 */
export function runbooksYaml(layout: LabLayout): string {
  const restart = (service: string) => ({
    executor: SUPERVISOR_EXECUTOR,
    action: 'restart',
    process: service,
  });
  return stringify(
    {
      runbooks: SHOP.flatMap((service) => {
        const dirs = serviceDirs(layout.dir, service.name);
        const base = `http://127.0.0.1:${portOf(layout, service.name)}`;
        return [
          {
            name: `restart-${service.name}`,
            service: service.name,
            action: 'restart',
            faults: RESTART_FIXES,
            risk: 'low',
            steps: [restart(service.name)],
          },
          {
            name: `rollback-config-${service.name}`,
            service: service.name,
            action: 'rollback_config',
            faults: ['bad_config'],
            risk: 'medium',
            steps: [
              {
                executor: SHELL_EXECUTOR,
                action: 'run',
                command: ['cp', `${dirs.home}/settings.good.json`, dirs.settings],
              },
              restart(service.name),
            ],
          },
          {
            name: `disable-journal-${service.name}`,
            service: service.name,
            action: 'manual',
            title: 'Turn the journal feature flag off so a full disk stops failing requests',
            faults: ['disk_full'],
            risk: 'low',
            steps: [
              {
                executor: FLAGS_EXECUTOR,
                method: 'POST',
                url: `${base}/admin/flags`,
                body: { flag: 'journal', enabled: false },
              },
            ],
          },
          {
            name: `free-disk-${service.name}`,
            service: service.name,
            action: 'free_disk',
            faults: ['disk_full'],
            risk: 'medium',
            steps: [
              {
                executor: SHELL_EXECUTOR,
                action: 'run',
                command: ['find', dirs.data, '-name', 'ballast-*', '-delete'],
              },
            ],
          },
        ];
      }),
    },
    YAML_OPTIONS,
  );
}
