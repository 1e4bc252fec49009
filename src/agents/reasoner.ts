import type {
  PlanInput,
  PlanOutput,
  RcaInput,
  RcaOutput,
  SpecialistInput,
  SpecialistOutput,
  TriageInput,
  TriageOutput,
} from './schemas.js';

/** Which engine produced a stage's judgement, and at what cost. */
export interface ReasoningMeta {
  engine: 'rules' | 'model';
  /** Set when a model was asked and the rules answered instead. */
  fallbackReason?: string;
  latencyMs: number;
  tokens?: { prompt: number; output: number; total: number };
}

export interface Reasoned<T> {
  output: T;
  meta: ReasoningMeta;
}

/**
 * The port behind every stage that judges. The rule reasoner implements it today; a model-backed
 * reasoner plugs in by implementing the same four calls and returning schema-valid outputs.
 */
export interface Reasoner {
  readonly name: string;
  triage(input: TriageInput): Promise<Reasoned<TriageOutput>>;
  specialist(input: SpecialistInput): Promise<Reasoned<SpecialistOutput>>;
  rca(input: RcaInput): Promise<Reasoned<RcaOutput>>;
  plan(input: PlanInput): Promise<Reasoned<PlanOutput>>;
}
