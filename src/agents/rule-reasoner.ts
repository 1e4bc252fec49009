import { setTimeout as sleep } from 'node:timers/promises';
import type { Reasoned, Reasoner } from './reasoner.js';
import { planByRules } from './rules/plan-rules.js';
import { rcaByRules } from './rules/rca-rules.js';
import { SPECIALIST_RULES } from './rules/specialist-rules.js';
import { triageByRules } from './rules/triage-rules.js';

export interface RuleReasonerOptions {
  /** Artificial delay per call, so a benchmark can stand the rules in for a slow model. */
  latencyMs?: number;
}

export function createRuleReasoner({ latencyMs = 0 }: RuleReasonerOptions = {}): Reasoner {
  async function reason<I, O>(judge: (input: I) => O, input: I): Promise<Reasoned<O>> {
    const started = performance.now();
    if (latencyMs > 0) await sleep(latencyMs);
    const output = judge(input);
    return { output, meta: { engine: 'rules', latencyMs: Math.round(performance.now() - started) } };
  }
  return {
    name: 'rules',
    triage: (input) => reason(triageByRules, input),
    specialist: (input) => reason(SPECIALIST_RULES[input.kind], input),
    rca: (input) => reason(rcaByRules, input),
    plan: (input) => reason(planByRules, input),
  };
}
