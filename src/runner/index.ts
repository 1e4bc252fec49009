/** Runs a runbook's rendered steps at most once each, independent of the queue that calls it. */
export type {
  Clock,
  PlannedStep,
  RolledBack,
  RunnerDeps,
  RunOutcome,
  StepEvent,
  StepVerify,
} from './planned-step.js';
export { runSteps } from './run-steps.js';
export { decideStepResume, type StepResumeDecision } from './step-resume.js';
