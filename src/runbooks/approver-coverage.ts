import type { Catalog } from '../domain/catalog/index.js';
import { servicesOf } from './match-runbooks.js';
import type { Runbook } from './runbook.js';

/**
 * Services a real executor (anything but manual) can act on: those whose default executor is
 * real, and those a runbook with a real step can target (all of them when it names no service).
 */
export function servicesWithRealExecutors(catalog: Catalog, runbooks: readonly Runbook[]): string[] {
  const targeted = new Set<string>();
  for (const service of catalog.services) {
    const kind = service.executor === undefined ? undefined : catalog.executor(service.executor)?.kind;
    if (kind !== undefined && kind !== 'manual') targeted.add(service.name);
  }
  for (const runbook of runbooks) {
    if (runbook.steps.every((step) => step.executorKind === 'manual')) continue;
    const own = servicesOf(runbook);
    const services = own.length > 0 ? own : catalog.services.map((s) => s.name);
    for (const name of services) targeted.add(name);
  }
  return catalog.services.map((service) => service.name).filter((name) => targeted.has(name));
}

/** With no global APPROVERS, every service a real executor can act on needs its own approvers. */
export function approverProblems(
  catalog: Catalog,
  runbooks: readonly Runbook[],
  globalApprovers: readonly string[],
): string[] {
  if (globalApprovers.length > 0) return [];
  const uncovered = servicesWithRealExecutors(catalog, runbooks).filter(
    (name) => catalog.approvers(name).length === 0,
  );
  if (uncovered.length === 0) return [];
  return [
    `APPROVERS: empty, and real executors can act on ${uncovered.join(', ')}, which name no approvers: anyone in the channel could run actions on them. Set APPROVERS, or approvers: on each of these services`,
  ];
}
