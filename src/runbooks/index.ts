/** Runbooks as files: parsed and checked against the catalog, matched, filled and rendered. Pure. */
export { approverProblems, servicesWithRealExecutors } from './approver-coverage.js';
export { type RunbookAsk, runbookAskedFor } from './asked-runbook.js';
export { renderTaskSteps } from './check-schedule.js';
export { checkDryRunRequest, type DryRunRequest } from './dry-run-request.js';
export { type FilledParams, fillParams, type IncidentFacts } from './fill-params.js';
export { type IncidentMatch, matchingRunbooks, mayActOn, servicesOf } from './match-runbooks.js';
export { parseRunbooks, type RunbookFile, type RunbooksOutcome } from './parse-runbooks.js';
export { isAutoEligible, type RenderedStep, renderStep, renderSteps } from './render-step.js';
export type { Runbook, RunbookParam, RunbookStep } from './runbook.js';
export {
  planFromRunbooks,
  type RunbookChoice,
  type RunbookIncident,
  renderRunbookPlan,
} from './runbook-plan.js';
export { TASK_MODES, type TaskMode, type TaskSchedule } from './task-schedule.js';
