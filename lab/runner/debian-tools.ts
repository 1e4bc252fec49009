import { spawnSync } from 'node:child_process';

/** The Debian packages the lab runs, and the binary each one puts on the PATH. */
const TOOLS = [
  { pkg: 'prometheus', binaries: ['prometheus'] },
  // Debian names the binary after the package; upstream builds call it `alertmanager`.
  { pkg: 'prometheus-alertmanager', binaries: ['prometheus-alertmanager', 'alertmanager'] },
  { pkg: 'supervisor', binaries: ['supervisord'] },
] as const;

export interface LabTools {
  prometheus: string;
  alertmanager: string;
  supervisord: string;
  supervisorctl: string;
}

function which(binary: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The binaries, or a message naming the missing packages and the one command that installs them. */
export function findLabTools(): { tools: LabTools } | { missing: string } {
  const found = TOOLS.map((tool) => ({ ...tool, path: tool.binaries.map(which).find(Boolean) }));
  const missing = found.filter((tool) => !tool.path).map((tool) => tool.pkg);
  const supervisorctl = which('supervisorctl');
  if (missing.length > 0 || !supervisorctl) {
    const packages = missing.length > 0 ? missing : ['supervisor'];
    return {
      missing: [
        `The lab needs Debian packages that are not installed: ${packages.join(', ')}.`,
        `Install them with:  sudo apt-get install -y ${packages.join(' ')}`,
        '(The lab runs its own private instances; the system services are not used.)',
      ].join('\n'),
    };
  }
  const [prometheus, alertmanager, supervisord] = found.map((tool) => tool.path ?? '');
  return {
    tools: {
      prometheus: prometheus ?? '',
      alertmanager: alertmanager ?? '',
      supervisord: supervisord ?? '',
      supervisorctl,
    },
  };
}
