import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A kubeconfig with one cluster and a bearer-token user, current context `context`. A plain-HTTP
 * server needs TLS checks off, as for the local API server of the executor tests.
 */
export function writeKubeconfig(dir: string, serverUrl: string, token: string, context = 'local'): string {
  const path = join(dir, `kubeconfig-${context}-${token.slice(0, 6)}`);
  const insecure = serverUrl.startsWith('http:') ? '\n    insecure-skip-tls-verify: true' : '';
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: cluster\n  cluster:\n    server: ${serverUrl}${insecure}`,
      'users:',
      `- name: warroom\n  user:\n    token: ${token}`,
      'contexts:',
      `- name: ${context}\n  context:\n    cluster: cluster\n    user: warroom`,
      `current-context: ${context}`,
      '',
    ].join('\n'),
  );
  return path;
}
