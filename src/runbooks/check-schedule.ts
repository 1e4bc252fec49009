import type { Catalog } from '../domain/catalog/index.js';
import type { PathSegment } from '../domain/catalog/problems.js';
import type { PlannedStep } from '../runner/planned-step.js';
import { fillParams } from './fill-params.js';
import { renderSteps } from './render-step.js';
import type { Runbook } from './runbook.js';
import { cronProblem, type ScheduleSpec, type TaskSchedule, timezoneProblem } from './task-schedule.js';

type At = (path: PathSegment[], message: string) => void;

/**
 * A runbook's `schedule` checked at load: the cron and zone parse, the service is one of the
 * catalog's (and of the runbook's own, when it names some), and no step asks for its own approval
 * (a task takes one approval per run). Every problem names the runbook and the field.
 */
export function checkSchedule(
  runbookId: string,
  schedule: ScheduleSpec,
  runbookServices: readonly string[],
  catalog: Catalog,
  at: At,
): TaskSchedule | null {
  let valid = true;
  const problem = (field: PathSegment[], message: string) => {
    at(
      ['schedule', ...field],
      `runbook "${runbookId}": schedule${field.map((part) => `.${part}`).join('')} ${message}`,
    );
    valid = false;
  };
  const zone = schedule.timezone === undefined ? undefined : timezoneProblem(schedule.timezone);
  if (zone !== undefined) problem(['timezone'], zone);
  const cron = cronProblem(schedule.cron, zone === undefined ? schedule.timezone : undefined);
  if (cron !== undefined) problem(['cron'], cron);
  const service = serviceOf(schedule, runbookServices, catalog, problem);
  if (!valid || service === undefined) return null;
  return {
    cron: schedule.cron,
    mode: schedule.mode,
    service,
    ...(schedule.timezone === undefined ? {} : { timezone: schedule.timezone }),
    params: schedule.params,
  };
}

function serviceOf(
  schedule: ScheduleSpec,
  runbookServices: readonly string[],
  catalog: Catalog,
  problem: (field: PathSegment[], message: string) => void,
): string | undefined {
  if (schedule.service === undefined) {
    if (runbookServices.length === 1) return runbookServices[0];
    problem(
      ['service'],
      `is missing: name the catalog service the task runs on (matches.services names ${runbookServices.length})`,
    );
    return undefined;
  }
  const found = catalog.find(schedule.service)?.name;
  if (found === undefined) {
    problem(['service'], `"${schedule.service}" is not a service of the catalog`);
    return undefined;
  }
  if (runbookServices.length > 0 && !runbookServices.includes(found)) {
    problem(
      ['service'],
      `"${found}" is not one of the services the runbook may act on (${runbookServices.join(', ')})`,
    );
    return undefined;
  }
  return found;
}

/** A task's steps ready for the runner: its params filled from its schedule and service, every step rendered. */
export function renderTaskSteps(
  runbook: Runbook,
  schedule: TaskSchedule,
  catalog: Catalog,
): { ok: true; steps: PlannedStep[] } | { ok: false; problem: string } {
  const overrides = new Map(Object.entries(schedule.params));
  const filled = fillParams(runbook, { service: schedule.service }, overrides, catalog);
  if (!filled.ok) return { ok: false, problem: filled.refusals.join('; ') };
  const rendered = renderSteps(runbook, filled.values);
  return rendered.ok ? rendered : { ok: false, problem: `step ${rendered.stepId}: ${rendered.reason}` };
}
