import type { Catalog } from '../domain/catalog/index.js';
import { FaultKind } from '../domain/faults.js';
import { checkParamValue, type ParamValue } from '../executors/params.js';
import type { Runbook } from './runbook.js';
import type { ParamSource } from './runbook-schema.js';

/** What the incident says, as the pipeline knows it. */
export interface IncidentFacts {
  service?: string;
  /** The instance number (1-based), below the service's catalog `instances`. */
  instance?: string | number;
  fault?: string;
  /** The version before the latest change recorded on the service shortly before the incident. */
  previousVersion?: string;
}

export type FilledParams =
  | { ok: true; values: Readonly<Record<string, ParamValue>> }
  | { ok: false; refusals: readonly string[] };

/**
 * Every param's value: an override (from the approver), else the incident's fact it is taken
 * from, else its default. Facts are checked against the catalog, then every value against its
 * param (type, list or pattern, hostile content). Every refusal is listed.
 */
export function fillParams(
  runbook: Runbook,
  facts: IncidentFacts,
  overrides: ReadonlyMap<string, unknown>,
  catalog: Catalog,
): FilledParams {
  const refusals: string[] = [];
  for (const name of overrides.keys())
    if (!runbook.params.has(name)) refusals.push(`param ${name}: the runbook has no such param`);
  const values: Record<string, ParamValue> = {};
  for (const [name, param] of runbook.params) {
    if (param.from !== undefined && overrides.has(name)) {
      refusals.push(`param ${name}: taken from the incident's ${param.from}, it cannot be overridden`);
      continue;
    }
    let raw: unknown = overrides.has(name) ? overrides.get(name) : param.spec.default;
    if (param.from !== undefined) {
      const fact = factFromCatalog(param.from, facts, catalog);
      if (!fact.ok) {
        refusals.push(`param ${name}: ${fact.reason}`);
        continue;
      }
      raw = fact.value;
    }
    if (raw === undefined) {
      refusals.push(`param ${name}: no value and no default`);
      continue;
    }
    const checked = checkParamValue(name, param.spec, raw);
    if (checked.ok) values[name] = checked.value;
    else refusals.push(checked.reason);
  }
  return refusals.length > 0 ? { ok: false, refusals } : { ok: true, values };
}

type Fact = { ok: true; value: string | number } | { ok: false; reason: string };

function factFromCatalog(source: ParamSource, facts: IncidentFacts, catalog: Catalog): Fact {
  const service = facts.service === undefined ? undefined : catalog.find(facts.service);
  switch (source) {
    case 'service':
      if (service === undefined)
        return {
          ok: false,
          reason: `the incident's service ${describe(facts.service)} is not in the catalog`,
        };
      return { ok: true, value: service.name };
    case 'instance': {
      if (service === undefined)
        return {
          ok: false,
          reason: `the incident's service ${describe(facts.service)} is not in the catalog`,
        };
      const number = Number(facts.instance);
      const known =
        service.instances !== undefined &&
        Number.isInteger(number) &&
        number >= 1 &&
        number <= service.instances;
      if (!known)
        return {
          ok: false,
          reason: `the catalog knows no instance ${describe(facts.instance)} of ${service.name}`,
        };
      return { ok: true, value: number };
    }
    case 'previousVersion':
      return facts.previousVersion === undefined
        ? {
            ok: false,
            reason: 'no change with a previous version was recorded on the service before the incident',
          }
        : { ok: true, value: facts.previousVersion };
    case 'fault': {
      const fault = FaultKind.safeParse(facts.fault);
      return fault.success
        ? { ok: true, value: fault.data }
        : { ok: false, reason: `${describe(facts.fault)} is not a known fault kind` };
    }
  }
}

function describe(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(String(value));
}
