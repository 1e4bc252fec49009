import type { Catalog } from '../domain/catalog/index.js';
import { isSupervisorProgramName } from '../executors/actions.js';
import {
  type SupervisorExecutorConfig,
  supervisorExecutorConfigSchema,
} from '../executors/executor-config.js';

/**
 * Which supervisord program a catalog service is: its `executor:` is a `supervisor` executor, and of
 * the programs that executor may touch, the one named as the service (or one of its aliases), or the
 * only one it lists; with no list, the program named as the service. Pure.
 */
export type ProgramLookup =
  | { bound: true; service: string; program: string; config: SupervisorExecutorConfig }
  /** Bound to a supervisor executor, but which program it is cannot be told. */
  | { bound: false; service: string; executor: string; reason: string };

export function programBinding(catalog: Catalog, nameOrAlias: string): ProgramLookup | undefined {
  const service = catalog.find(nameOrAlias);
  const executorName = service?.executor;
  if (service === undefined || executorName === undefined) return undefined;
  const entry = catalog.executor(executorName);
  if (entry?.kind !== 'supervisor') return undefined;
  const unbound = (reason: string) =>
    ({ bound: false, service: service.name, executor: entry.name, reason }) as const;
  const parsed = supervisorExecutorConfigSchema.safeParse({
    name: entry.name,
    kind: entry.kind,
    ...entry.settings,
    ...(entry.credentials.size === 0 ? {} : { credentials: Object.fromEntries(entry.credentials) }),
  });
  if (!parsed.success) return unbound(`executor ${entry.name} is not a valid supervisor executor`);
  const names = [service.name, ...service.aliases];
  const listed = parsed.data.programs;
  const named =
    listed === undefined ? names.slice(0, 1) : listed.filter((program) => names.includes(program));
  const chosen = named.length > 0 ? named : (listed ?? []);
  const [only, ...others] = chosen;
  if (only === undefined || others.length > 0 || !isSupervisorProgramName(only))
    return unbound(`executor ${entry.name} lists no single program named ${service.name}`);
  return { bound: true, service: service.name, program: only, config: parsed.data };
}
