import type { z } from 'zod';
import { planPrompt } from '../prompts/plan-prompt.js';
import { rcaPrompt } from '../prompts/rca-prompt.js';
import { specialistPrompt } from '../prompts/specialist-prompt.js';
import { triagePrompt } from '../prompts/triage-prompt.js';
import type { StagePrompt } from '../prompts/types.js';
import {
  type PlanInput,
  PlanOutput,
  type RcaInput,
  RcaOutput,
  type SpecialistInput,
  SpecialistOutput,
  type TriageInput,
  TriageOutput,
} from '../schemas.js';
import { geminiJsonSchema } from './json-schema.js';
import { checkPlan, checkRca, checkSpecialist } from './stage-checks.js';

/** What the model is asked per stage, and what its answer must satisfy. */
export interface StageSpec<I, O> {
  prompt: (input: I) => StagePrompt;
  /** The stage's zod output schema: validates the reply. */
  schema: z.ZodType<O>;
  /** The same schema as Gemini's `responseJsonSchema`. */
  responseJsonSchema: object;
  check?: (output: O, input: I) => string[];
}

function spec<I, O>(definition: Omit<StageSpec<I, O>, 'responseJsonSchema'>): StageSpec<I, O> {
  return { ...definition, responseJsonSchema: geminiJsonSchema(definition.schema) };
}

export const STAGE_SPECS = {
  triage: spec<TriageInput, TriageOutput>({ prompt: triagePrompt, schema: TriageOutput }),
  specialist: spec<SpecialistInput, SpecialistOutput>({
    prompt: specialistPrompt,
    schema: SpecialistOutput,
    check: checkSpecialist,
  }),
  rca: spec<RcaInput, RcaOutput>({ prompt: rcaPrompt, schema: RcaOutput, check: checkRca }),
  plan: spec<PlanInput, PlanOutput>({ prompt: planPrompt, schema: PlanOutput, check: checkPlan }),
};

export type ReasoningStage = keyof typeof STAGE_SPECS;
