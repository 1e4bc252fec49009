import type { Catalog } from '../domain/catalog/index.js';
import { createExecutor, type HostPolicy } from './create-executor.js';
import { type CredentialSources, resolveCredentials } from './credentials.js';
import { EXECUTOR_CONFIG_SCHEMAS, executorConfigSchema } from './executor-config.js';
import type { Executor, ExecutorKind } from './port.js';

/** The live executors, built once at start from the catalog with their own credentials only. */
export interface ExecutorRegistry {
  readonly names: readonly string[];
  byName(name: string): Executor | undefined;
  /** The service's default executor (its catalog `executor:`), by name or alias. */
  forService(nameOrAlias: string): Executor | undefined;
}

export type RegistryOutcome = { ok: true; registry: ExecutorRegistry } | { ok: false; problems: string[] };

/**
 * Builds every executor whose kind Warroom can run (kinds with no adapter yet are left out:
 * runbook steps cannot name them). A credential that cannot be resolved is a problem naming the
 * executor and the reference, never a value.
 */
export function createExecutorRegistry(
  catalog: Catalog,
  sources: CredentialSources,
  host: HostPolicy,
): RegistryOutcome {
  const executors = new Map<string, Executor>();
  const problems: string[] = [];
  for (const entry of catalog.executors) {
    if (!EXECUTOR_CONFIG_SCHEMAS.has(entry.kind as ExecutorKind)) continue;
    // Already checked with this schema when the catalog was parsed; parsed again for its defaults.
    const config = executorConfigSchema.parse({
      name: entry.name,
      kind: entry.kind,
      ...entry.settings,
      ...(entry.credentials.size === 0 ? {} : { credentials: Object.fromEntries(entry.credentials) }),
    });
    try {
      const credentials = resolveCredentials(
        'credentials' in config ? config.credentials : undefined,
        sources,
      );
      executors.set(entry.name, createExecutor(config, credentials, host));
    } catch (error) {
      problems.push(`executor ${entry.name}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    registry: {
      names: [...executors.keys()],
      byName: (name) => executors.get(name),
      forService: (nameOrAlias) => {
        const executor = catalog.find(nameOrAlias)?.executor;
        return executor === undefined ? undefined : executors.get(executor);
      },
    },
  };
}
