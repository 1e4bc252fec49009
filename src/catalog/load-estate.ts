import { readFileSync } from 'node:fs';
import { type Config, ConfigError } from '../config.js';
import type { Catalog } from '../domain/catalog/index.js';
import type { ProcessReader } from '../domain/process-evidence.js';
import type { WorkloadReader } from '../domain/workload-evidence.js';
import type { CredentialSources } from '../executors/credentials.js';
import { createExecutorRegistry, type ExecutorRegistry } from '../executors/registry.js';
import { catalogWorkloads } from '../kubernetes/catalog-workloads.js';
import { approverProblems, type Runbook } from '../runbooks/index.js';
import { catalogProcesses } from '../supervisor/catalog-processes.js';
import { loadCatalog } from './load-catalog.js';
import { loadRunbooks } from './load-runbooks.js';

/** The team's estate as loaded at start: catalog, runbooks and the live executors. */
export interface Estate {
  /** Undefined: the simulated estate. */
  catalog?: Catalog;
  runbooks: readonly Runbook[];
  executors?: ExecutorRegistry;
  /** Reads the Kubernetes workloads of services bound to `kubernetes` executors, for diagnosis. */
  workloads?: WorkloadReader;
  /** Reads the supervisord programs of services bound to `supervisor` executors, for diagnosis. */
  processes?: ProcessReader;
}

type EstateConfig = Pick<Config, 'WARROOM_CATALOG' | 'WARROOM_RUNBOOKS' | 'LOCAL_COMMANDS' | 'APPROVERS'> &
  Partial<Pick<Config, 'KUBECONFIG' | 'TELEMETRY_TIMEOUT_MS'>>;

/**
 * Loads and checks everything the estate needs before anything connects: a bad catalog or runbook,
 * a credential that cannot be resolved, a local step with local commands off, or a service real
 * executors can act on with nobody to approve: the process refuses to start, every problem listed.
 */
export async function loadEstate(
  config: EstateConfig,
  env: Readonly<Record<string, string | undefined>>,
  loaded?: Catalog,
): Promise<Estate> {
  const catalog = loaded ?? (await loadCatalog(config.WARROOM_CATALOG));
  if (catalog === undefined) return { runbooks: [] };
  const runbooks =
    config.WARROOM_RUNBOOKS.length > 0 ? await loadRunbooks(config.WARROOM_RUNBOOKS, catalog) : [];
  const sources: CredentialSources = { env, readFile: (path) => readFileSync(path, 'utf8') };
  const built = createExecutorRegistry(catalog, sources, {
    allowLocalCommands: config.LOCAL_COMMANDS,
    ...(config.KUBECONFIG === undefined ? {} : { kubeconfigPath: config.KUBECONFIG }),
  });
  const problems = [
    ...(built.ok ? [] : built.problems.map((problem) => `WARROOM_CATALOG: ${problem}`)),
    ...localStepProblems(runbooks, config.LOCAL_COMMANDS),
    ...approverProblems(catalog, runbooks, config.APPROVERS),
  ];
  if (problems.length > 0 || !built.ok) throw new ConfigError(problems);
  const workloads = catalogWorkloads(catalog, config.KUBECONFIG, config.TELEMETRY_TIMEOUT_MS ?? 10_000);
  const processes = catalogProcesses(catalog, sources);
  return {
    catalog,
    runbooks,
    executors: built.registry,
    ...(workloads ? { workloads } : {}),
    ...(processes ? { processes } : {}),
  };
}

function localStepProblems(runbooks: readonly Runbook[], allowed: boolean): string[] {
  if (allowed) return [];
  return runbooks.flatMap((runbook) =>
    runbook.steps
      .filter((step) => step.executorKind === 'local')
      .map(
        (step) =>
          `LOCAL_COMMANDS: off, and runbook ${runbook.id} (${runbook.source}) step ${step.id} runs a local command on ${step.executor}: set LOCAL_COMMANDS=true on the hosts meant to run it, or use another executor`,
      ),
  );
}
