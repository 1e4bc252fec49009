import type { z } from 'zod';
import type { Reasoned, Reasoner } from './reasoner.js';
import { RcaInput, RcaOutput } from './schemas.js';
import { validateReasonerOutput, validateStageInput } from './stage-io.js';

/** Without a named fault a diagnosis cannot be more than a low-confidence lead. */
export const UNKNOWN_FAULT_MAX_CONFIDENCE = 40;

export function enforceRcaInvariants(output: RcaOutput): RcaOutput {
  const explains = [...new Set(output.explains)].filter((service) => service !== output.rootService);
  const confidence =
    output.fault === 'unknown'
      ? Math.min(output.confidence, UNKNOWN_FAULT_MAX_CONFIDENCE)
      : output.confidence;
  return { ...output, explains, confidence };
}

export async function runRca(
  input: z.input<typeof RcaInput>,
  reasoner: Reasoner,
): Promise<Reasoned<RcaOutput>> {
  const parsed = validateStageInput('rca', RcaInput, input);
  const { output, meta } = await reasoner.rca(parsed);
  return { output: enforceRcaInvariants(validateReasonerOutput('rca', RcaOutput, output)), meta };
}
