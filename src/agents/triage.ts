import { z } from 'zod';
import { SpecialistKind } from '../domain/faults.js';
import type { Reasoned, Reasoner } from './reasoner.js';
import { TriageInput, TriageOutput } from './schemas.js';
import { validateReasonerOutput, validateStageInput } from './stage-io.js';

/** Accepts an empty selection so it can be repaired rather than rejected. */
const AnySelection = TriageOutput.extend({ selected: z.array(SpecialistKind) });

/** At least one specialist always runs: the best scored one when the reasoner picked none. */
export function ensureSelection(output: z.infer<typeof AnySelection>): TriageOutput {
  const selected = [...new Set(output.selected)];
  if (selected.length === 0) {
    const best = [...output.scores].sort((a, b) => b.relevance - a.relevance)[0];
    selected.push(best?.kind ?? output.category);
  }
  return { ...output, selected };
}

export async function runTriage(
  input: z.input<typeof TriageInput>,
  reasoner: Reasoner,
): Promise<Reasoned<TriageOutput>> {
  const parsed = validateStageInput('triage', TriageInput, input);
  const { output, meta } = await reasoner.triage(parsed);
  return { output: ensureSelection(validateReasonerOutput('triage', AnySelection, output)), meta };
}
