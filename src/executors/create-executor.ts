import type { ResolvedCredentials } from './credentials.js';
import { credentialForAuth, type ExecutorConfig, executorConfigSchema } from './executor-config.js';
import { createHttpExecutor } from './http/http-executor.js';
import { createKubernetesExecutor } from './kubernetes/kubernetes-executor.js';
import { loadKubeConfig } from './kubernetes/load-kube-config.js';
import { createLocalExecutor } from './local/local-executor.js';
import { createManualExecutor } from './manual-executor.js';
import type { Executor } from './port.js';
import { createPostgresExecutor } from './postgres/postgres-executor.js';
import { createSshExecutor } from './ssh/ssh-executor.js';
import { createSupervisorExecutor } from './supervisor/supervisor-executor.js';

export interface HostPolicy {
  /** From the operator's config (src/config.ts), never from the catalog: lets `local` executors run. */
  allowLocalCommands: boolean;
  /** KUBECONFIG from src/config.ts; unset: `kubernetes` executors use the in-cluster service account. */
  kubeconfigPath?: string;
}

/**
 * Builds an executor from one `executors:` entry (validated here again, so a caller cannot skip
 * it) and the credentials resolved for that entry only. A missing credential fails at boot.
 */
export function createExecutor(
  config: ExecutorConfig,
  credentials: ResolvedCredentials,
  host: HostPolicy = { allowLocalCommands: false },
): Executor {
  const parsed = executorConfigSchema.parse(config);
  switch (parsed.kind) {
    case 'supervisor':
      if (parsed.username !== undefined) requireCredential(parsed.name, credentials, 'password');
      return createSupervisorExecutor(parsed, credentials);
    case 'http': {
      const name = credentialForAuth[parsed.auth.type];
      if (name !== undefined) requireCredential(parsed.name, credentials, name);
      return createHttpExecutor(parsed, credentials);
    }
    case 'local':
      return createLocalExecutor(parsed, { enabled: host.allowLocalCommands });
    case 'ssh':
      requireCredential(parsed.name, credentials, 'privateKey');
      return createSshExecutor(parsed, credentials);
    case 'postgres':
      if (parsed.credentials?.password !== undefined) requireCredential(parsed.name, credentials, 'password');
      if (parsed.credentials?.connectionString !== undefined)
        requireCredential(parsed.name, credentials, 'connectionString');
      return createPostgresExecutor(parsed, credentials);
    case 'kubernetes':
      return createKubernetesExecutor(parsed, loadKubeConfig(host.kubeconfigPath, parsed.context));
    case 'manual':
      return createManualExecutor(parsed);
  }
}

function requireCredential(
  executor: string,
  credentials: ResolvedCredentials,
  name: keyof ResolvedCredentials,
) {
  if (credentials[name] === undefined || credentials[name] === '')
    throw new Error(`executor ${executor}: credential ${name} was not resolved`);
}
