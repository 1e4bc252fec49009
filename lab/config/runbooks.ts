import { stringify } from 'yaml';
import { type LabLayout, SHOP, serviceDirs } from '../topology.js';
import { flagsExecutor, SHELL_EXECUTOR, SUPERVISOR_EXECUTOR } from './catalog.js';
import { LAB_RATE_WINDOW } from './service-queries.js';
import { YAML_OPTIONS } from './yaml-options.js';

/** Lab faults as the domain names them (src/domain/faults.ts) that a restart ends. */
const RESTART_FIXES = ['crash', 'memory_leak', 'slow', 'web_5xx', 'dependency_down'];

const restartStep = (service: string) => ({
  id: 'restart',
  title: `Restart ${service} under supervisord`,
  executor: SUPERVISOR_EXECUTOR,
  action: { kind: 'supervisor', operation: 'restart', program: '{{program}}' },
  risk: 'low',
  timeoutSeconds: 60,
  verify: VERIFY_AFTER_FIX,
  rollback: 'previous',
});

/**
 * Longer than the rate window: health is read on requests served after the fix, and not on a
 * restarted process's first, slower ones or its callers' calls refused while it started (8 s for
 * those; with 5 s, under a load of 18 on two cores, checkout still read degraded once and
 * queue-worker, whose calls payments refused, once).
 */
const VERIFY_AFTER_FIX = {
  health: 'healthy',
  settleSeconds: Number.parseInt(LAB_RATE_WINDOW, 10) + 8,
} as const;

/** The lab's alert on a full data directory (lab/config/alert-rules.ts). */
const DISK_ALERT = 'DiskAlmostFull';

const programParam = (service: string) => ({ type: 'enum', values: [service], default: service });

const flagsAction = (enabled: boolean) => ({
  kind: 'http',
  method: 'POST',
  path: '/admin/flags',
  body: { flag: 'journal', enabled },
  success: { statuses: [200], jsonPath: 'ok', equals: true },
});

/**
 * Per service: restart through supervisord (what ends the in-process faults), restore the last
 * known-good settings and restart (bad_config), delete bulk files with a local command (disk_full:
 * offered first, as it ends the fault) or turn the journal off over HTTP (stops the failing writes).
 */
export function runbooksYaml(layout: LabLayout): string {
  return stringify(
    {
      runbooks: SHOP.flatMap((service) => {
        const dirs = serviceDirs(layout.dir, service.name);
        const matches = (faults: string[]) => ({ services: [service.name], faults });
        return [
          {
            id: `restart-${service.name}`,
            title: `Restart ${service.name}`,
            matches: matches(RESTART_FIXES),
            params: { program: programParam(service.name) },
            auto: true,
            steps: [restartStep(service.name)],
          },
          {
            id: `rollback-config-${service.name}`,
            title: `Restore ${service.name}'s last known-good settings`,
            matches: matches(['bad_config']),
            params: { program: programParam(service.name) },
            steps: [
              {
                id: 'restore-settings',
                title: 'Copy the known-good settings over the current ones',
                executor: SHELL_EXECUTOR,
                action: {
                  kind: 'local',
                  command: ['/bin/cp', `${dirs.home}/settings.good.json`, dirs.settings],
                },
                risk: 'medium',
                timeoutSeconds: 30,
              },
              restartStep(service.name),
            ],
          },
          {
            id: `free-disk-${service.name}`,
            title: `Delete the bulk files filling ${service.name}'s disk`,
            // Named for the alert too, so it ranks before the journal flag: it ends the fault.
            matches: { ...matches(['disk_full']), alerts: [DISK_ALERT] },
            steps: [
              {
                id: 'delete-ballast',
                title: 'Delete ballast files',
                executor: SHELL_EXECUTOR,
                action: {
                  kind: 'local',
                  command: ['/usr/bin/find', dirs.data, '-name', 'ballast-*', '-delete'],
                },
                // The plan's approval covers it: Warroom has no button for a step's own approval yet.
                risk: 'medium',
                timeoutSeconds: 60,
                verify: VERIFY_AFTER_FIX,
              },
            ],
          },
          {
            id: `journal-off-${service.name}`,
            title: 'Turn the journal feature flag off so a full disk stops failing requests',
            matches: matches(['disk_full']),
            steps: [
              {
                id: 'journal-off',
                title: 'Journal flag off',
                executor: flagsExecutor(service.name),
                action: flagsAction(false),
                risk: 'low',
                timeoutSeconds: 10,
                rollback: flagsAction(true),
              },
            ],
          },
        ];
      }),
    },
    YAML_OPTIONS,
  );
}
