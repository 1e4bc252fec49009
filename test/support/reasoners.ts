import type { Reasoner } from '../../src/agents/reasoner.js';
import { createRuleReasoner } from '../../src/agents/rule-reasoner.js';
import { SPECIALISTS } from '../../src/domain/faults.js';

/** The rule reasoner, with every specialist chosen by triage (to watch them run side by side). */
export function allSpecialistsReasoner(latencyMs = 0): Reasoner {
  const rules = createRuleReasoner({ latencyMs });
  return {
    ...rules,
    name: 'rules-all-specialists',
    async triage(input) {
      const result = await rules.triage(input);
      return { ...result, output: { ...result.output, selected: [...SPECIALISTS] } };
    },
    specialist: (input) => rules.specialist(input),
    rca: (input) => rules.rca(input),
    plan: (input) => rules.plan(input),
  };
}

/** The rule reasoner, except that `stage` throws on its first `failures` calls. */
export function flakyReasoner(
  stage: 'triage' | 'specialist' | 'rca' | 'plan',
  failures = 1,
): Reasoner & { calls: number } {
  const rules = createRuleReasoner();
  const state = { calls: 0 };
  const flaky = async <T>(call: () => Promise<T>): Promise<T> => {
    state.calls += 1;
    if (state.calls <= failures) throw new Error(`injected ${stage} failure #${state.calls}`);
    return call();
  };
  const reasoner: Reasoner = {
    name: `flaky-${stage}`,
    triage: (input) => (stage === 'triage' ? flaky(() => rules.triage(input)) : rules.triage(input)),
    specialist: (input) =>
      stage === 'specialist' ? flaky(() => rules.specialist(input)) : rules.specialist(input),
    rca: (input) => (stage === 'rca' ? flaky(() => rules.rca(input)) : rules.rca(input)),
    plan: (input) => (stage === 'plan' ? flaky(() => rules.plan(input)) : rules.plan(input)),
  };
  return Object.assign(reasoner, {
    get calls() {
      return state.calls;
    },
  });
}
