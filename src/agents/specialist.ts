import type { z } from 'zod';
import type { Reasoned, Reasoner } from './reasoner.js';
import { SpecialistInput, SpecialistOutput } from './schemas.js';
import { validateReasonerOutput, validateStageInput } from './stage-io.js';

export async function runSpecialist(
  input: z.input<typeof SpecialistInput>,
  reasoner: Reasoner,
): Promise<Reasoned<SpecialistOutput>> {
  const parsed = validateStageInput('specialist', SpecialistInput, input);
  const { output, meta } = await reasoner.specialist(parsed);
  const valid = validateReasonerOutput('specialist', SpecialistOutput, output);
  // The report is filed under the specialist that was asked, strongest finding first.
  const findings = [...valid.findings].sort((a, b) => b.confidence - a.confidence);
  return { output: { ...valid, kind: parsed.kind, findings }, meta };
}
