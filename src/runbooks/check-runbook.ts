import type { Catalog } from '../domain/catalog/index.js';
import type { CatalogProblem, PathSegment } from '../domain/catalog/problems.js';
import { type Locate, parseLocated } from '../domain/catalog/zod-problems.js';
import type { ActionTemplate } from '../executors/actions.js';
import { EXECUTOR_CONFIG_SCHEMAS } from '../executors/executor-config.js';
import { type ParamSpecs, paramSpecSchema } from '../executors/params.js';
import type { ExecutorKind } from '../executors/port.js';
import { checkSchedule, renderTaskSteps } from './check-schedule.js';
import { placeholdersIn } from './placeholders.js';
import type { Runbook, RunbookParam, RunbookStep } from './runbook.js';
import type { RunbookSpec, StepSpec } from './runbook-schema.js';

type Problems = CatalogProblem[];

/** A runbook's names checked against the catalog and its params against the executors' specs. */
export function checkRunbook(
  spec: RunbookSpec,
  catalog: Catalog,
  locate: Locate,
  problems: Problems,
): Runbook | null {
  const before = problems.length;
  const at = (path: PathSegment[], message: string) => problems.push({ ...locate(path), message });
  const services = (spec.matches?.services ?? []).flatMap((name, index) => {
    const service = catalog.find(name);
    if (service === undefined)
      at(['matches', 'services', index], `unknown service "${name}": not in the catalog`);
    return service === undefined ? [] : [service.name];
  });
  const params = new Map<string, RunbookParam>();
  const paramSpecs: ParamSpecs = {};
  for (const [name, { from, ...rest }] of Object.entries(spec.params)) {
    const checked = parseLocated(paramSpecSchema, rest, (path) => locate(['params', name, ...path]));
    if (!checked.ok) problems.push(...checked.problems);
    else {
      params.set(name, { spec: checked.value, ...(from === undefined ? {} : { from }) });
      paramSpecs[name] = checked.value;
    }
  }
  const seen = new Set<string>();
  const steps = spec.steps.flatMap((step, index) => {
    const stepAt = (path: PathSegment[], message: string) => at(['steps', index, ...path], message);
    if (seen.has(step.id)) stepAt(['id'], `duplicate step id "${step.id}"`);
    seen.add(step.id);
    const checked = checkStep(step, catalog, new Set(Object.keys(spec.params)), stepAt);
    if (spec.schedule !== undefined && step.approval === 'per-step')
      stepAt(
        ['approval'],
        `runbook "${spec.id}" has a schedule: a task takes one approval per run, not per step`,
      );
    return checked === null ? [] : [checked];
  });
  const schedule =
    spec.schedule === undefined ? undefined : checkSchedule(spec.id, spec.schedule, services, catalog, at);
  const rolloutService = spec.rollout === undefined ? undefined : catalog.find(spec.rollout.service);
  if (spec.rollout !== undefined) {
    if (rolloutService === undefined)
      at(['rollout', 'service'], `unknown service "${spec.rollout.service}": not in the catalog`);
    const filled = { instance: ['instance'], percent: ['percent'], step: [] }[spec.rollout.unit];
    for (const param of [...filled, 'version'])
      if (!Object.hasOwn(spec.params, param))
        at(
          ['params'],
          `runbook "${spec.id}" is a rollout: it needs a \`${param}\` param (the rollout fills it)`,
        );
  }
  if (problems.length > before) return null;
  const location = locate(['id']);
  const runbook: Runbook = {
    id: spec.id,
    title: spec.title,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    source: `${location.file}${location.line === undefined ? '' : `:${location.line}`}`,
    matches: { services, faults: spec.matches?.faults ?? [], alerts: spec.matches?.alerts ?? [] },
    params,
    paramSpecs,
    auto: spec.auto,
    steps,
    ...(schedule ? { schedule } : {}),
    ...(spec.rollout && rolloutService
      ? { rollout: { service: rolloutService.name, unit: spec.rollout.unit, gates: spec.rollout.gates } }
      : {}),
  };
  const unrunnable = schedule ? renderTaskSteps(runbook, schedule, catalog) : undefined;
  if (unrunnable?.ok === false) {
    at(['schedule'], `runbook "${spec.id}": its scheduled runs could not start: ${unrunnable.problem}`);
    return null;
  }
  return runbook;
}

function checkStep(
  step: StepSpec,
  catalog: Catalog,
  paramNames: ReadonlySet<string>,
  at: (path: PathSegment[], message: string) => void,
): RunbookStep | null {
  const executor = catalog.executor(step.executor);
  if (executor === undefined) {
    at(['executor'], `unknown executor "${step.executor}": define it under the catalog's executors:`);
    return null;
  }
  if (!EXECUTOR_CONFIG_SCHEMAS.has(executor.kind as ExecutorKind)) {
    at(['executor'], `executor "${step.executor}" is of kind ${executor.kind}, which Warroom cannot run yet`);
    return null;
  }
  const kind = executor.kind as ExecutorKind;
  const templates: Array<[PathSegment[], ActionTemplate]> = [[['action'], step.action]];
  if (step.rollback !== undefined && step.rollback !== 'previous')
    templates.push([['rollback'], step.rollback]);
  let valid = true;
  for (const [path, template] of templates) {
    if (template.kind !== kind) {
      at([...path, 'kind'], `a ${template.kind} action cannot run on ${step.executor}, a ${kind} executor`);
      valid = false;
    }
    for (const name of new Set(placeholdersIn(template))) {
      if (paramNames.has(name)) continue;
      at(path, `{{${name}}} names no param of this runbook`);
      valid = false;
    }
    if (template.kind === 'local' && placeholdersIn(template.command[0]).length > 0) {
      at([...path, 'command', 0], 'the program of a command is fixed: it takes no placeholder');
      valid = false;
    }
  }
  return valid ? { ...step, executorKind: kind } : null;
}
