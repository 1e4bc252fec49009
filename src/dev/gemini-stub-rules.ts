import type { Reasoner } from '../agents/reasoner.js';
import { createRuleReasoner } from '../agents/rule-reasoner.js';
import type { PlanInput, RcaInput, SpecialistInput, TriageInput } from '../agents/schemas.js';

/**
 * The stub's default answers: what the rule reasoner says for the same input. A prompt carries
 * summaries, not the stage's typed input, so the stub learns the inputs by watching the reasoner
 * under test (`observe`), keyed by the incident and stage named in the prompt's first lines.
 */

type StageInput =
  | { stage: 'triage'; input: TriageInput }
  | { stage: 'specialist'; input: SpecialistInput }
  | { stage: 'rca'; input: RcaInput }
  | { stage: 'plan'; input: PlanInput };

/** Matches the prompt header's stage names (`specialist:web`). */
function headerStage(entry: StageInput): string {
  return entry.stage === 'specialist' ? `specialist:${entry.input.kind}` : entry.stage;
}

const MAX_REMEMBERED = 5000;

export interface RuleAnswers {
  observe(reasoner: Reasoner): Reasoner;
  /** The rule reasoner's output for the last observed input of this incident and stage, or null. */
  answer(incidentId: string, stage: string): Promise<unknown | null>;
  clear(): void;
}

export function createRuleAnswers(): RuleAnswers {
  const rules = createRuleReasoner();
  const inputs = new Map<string, StageInput>();
  const remember = (entry: StageInput) => {
    const key = `${entry.input.incidentId}|${headerStage(entry)}`;
    inputs.delete(key);
    inputs.set(key, entry);
    const oldest = inputs.keys().next().value;
    if (inputs.size > MAX_REMEMBERED && oldest !== undefined) inputs.delete(oldest);
  };
  return {
    observe(reasoner) {
      return {
        name: reasoner.name,
        triage(input) {
          remember({ stage: 'triage', input });
          return reasoner.triage(input);
        },
        specialist(input) {
          remember({ stage: 'specialist', input });
          return reasoner.specialist(input);
        },
        rca(input) {
          remember({ stage: 'rca', input });
          return reasoner.rca(input);
        },
        plan(input) {
          remember({ stage: 'plan', input });
          return reasoner.plan(input);
        },
      };
    },
    async answer(incidentId, stage) {
      const entry = inputs.get(`${incidentId}|${stage}`);
      if (!entry) return null;
      switch (entry.stage) {
        case 'triage':
          return (await rules.triage(entry.input)).output;
        case 'specialist':
          return (await rules.specialist(entry.input)).output;
        case 'rca':
          return (await rules.rca(entry.input)).output;
        case 'plan':
          return (await rules.plan(entry.input)).output;
      }
    },
    clear: () => inputs.clear(),
  };
}
