import { z } from 'zod';
import { FaultKind, SpecialistKind } from '../domain/faults.js';
import { RunbookPlan } from '../domain/runbook-plan.js';
import { ServiceContext } from '../domain/service-context.js';
import { Severity } from '../domain/severity.js';
import { TelemetrySnapshot } from '../domain/telemetry.js';
import { PlannedAction } from '../domain/ticket.js';

/**
 * Typed input and output of every stage. The same output schemas validate the rule reasoner's
 * answers and a model's structured JSON, so a reasoner can never hand a stage a malformed result.
 */

export { ServiceContext };

export const IntakeInput = z.object({
  incidentId: z.string(),
  system: z.string().min(1),
  issue: z.string().min(1),
  sev: Severity.optional(),
  alerts: z.array(z.string()).default([]),
});
export type IntakeInput = z.infer<typeof IntakeInput>;

export const IntakeOutput = z.object({
  system: z.string(),
  issue: z.string(),
  sev: Severity,
  fingerprint: z.string(),
  service: ServiceContext,
});
export type IntakeOutput = z.infer<typeof IntakeOutput>;

export const TriageInput = z.object({
  incidentId: z.string(),
  system: z.string(),
  issue: z.string(),
  sev: Severity,
  service: ServiceContext,
  telemetry: TelemetrySnapshot,
  /** Per specialist, the relevance at or above which it runs (learned; 50-85). */
  thresholds: z.partialRecord(SpecialistKind, z.number().min(0).max(100)).default({}),
});
export type TriageInput = z.infer<typeof TriageInput>;

export const SpecialistChoice = z.object({
  kind: SpecialistKind,
  relevance: z.number().int().min(0).max(100),
  reason: z.string().max(300),
});
export type SpecialistChoice = z.infer<typeof SpecialistChoice>;

export const TriageOutput = z.object({
  severity: Severity,
  category: SpecialistKind,
  summary: z.string().max(500),
  /** Every specialist scored; `selected` are the ones that run. */
  scores: z.array(SpecialistChoice),
  selected: z.array(SpecialistKind).min(1),
  falsePositive: z.object({
    likely: z.boolean(),
    confidence: z.number().int().min(0).max(100),
    evidence: z.array(z.string()),
  }),
});
export type TriageOutput = z.infer<typeof TriageOutput>;

export const SpecialistInput = z.object({
  incidentId: z.string(),
  kind: SpecialistKind,
  system: z.string(),
  issue: z.string(),
  service: ServiceContext,
  telemetry: TelemetrySnapshot,
});
export type SpecialistInput = z.infer<typeof SpecialistInput>;

export const Finding = z.object({
  service: z.string(),
  fault: FaultKind.nullable(),
  signal: z.string().max(100),
  summary: z.string().max(500),
  evidence: z.array(z.string().max(300)).max(10),
  confidence: z.number().int().min(0).max(100),
});
export type Finding = z.infer<typeof Finding>;

export const SpecialistOutput = z.object({
  kind: SpecialistKind,
  summary: z.string().max(500),
  findings: z.array(Finding).max(20),
});
export type SpecialistOutput = z.infer<typeof SpecialistOutput>;

export const RcaInput = z.object({
  incidentId: z.string(),
  system: z.string(),
  issue: z.string(),
  service: ServiceContext,
  findings: z.array(SpecialistOutput),
  /** service → the services it calls. */
  graph: z.record(z.string(), z.array(z.string())),
  /** What could not be measured on the incident's service (no data, failed queries). */
  unmeasured: z.array(z.string()).optional(),
});
export type RcaInput = z.infer<typeof RcaInput>;

export const RcaOutput = z.object({
  rootService: z.string(),
  fault: FaultKind.or(z.literal('unknown')),
  summary: z.string().max(300),
  evidence: z.array(z.string().max(300)).max(10),
  confidence: z.number().int().min(0).max(100),
  /** Services whose symptoms the root cause explains. */
  explains: z.array(z.string()),
});
export type RcaOutput = z.infer<typeof RcaOutput>;

export const PlanInput = z.object({
  incidentId: z.string(),
  rca: RcaOutput,
  service: ServiceContext,
  /** What the estate knows of the root service (owner, instances), when the caller looked it up. */
  target: ServiceContext.optional(),
  /** Every service of the estate: the names a plan may target (besides the root and its neighbours). */
  services: z.array(z.string()).optional(),
  /** A human's "request changes" feedback, when the crew plans again. */
  feedback: z.string().max(2000).optional(),
  previous: z.array(PlannedAction).optional(),
  /** What people decided before on this fault signature, one line per action kind (the learning record). */
  history: z.array(z.string().max(300)).max(20).optional(),
});
export type PlanInput = z.infer<typeof PlanInput>;

export const PlanOutput = z.object({
  summary: z.string().max(500),
  actions: z.array(PlannedAction).min(1).max(10),
});
export type PlanOutput = z.infer<typeof PlanOutput>;

/** What the plan stage stores: the plan, and the runbook it came from when one matched. */
export const PlanStageOutput = PlanOutput.extend({ runbook: RunbookPlan.optional() });
export type PlanStageOutput = z.infer<typeof PlanStageOutput>;
