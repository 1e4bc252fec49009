import type { Config } from '../config.js';
import { createGeminiReasoner } from './gemini/gemini-reasoner.js';
import type { Reasoner } from './reasoner.js';
import { createRuleReasoner } from './rule-reasoner.js';

export interface CreateReasonerOptions {
  /** The rule reasoner's artificial delay (RULE_REASONER_LATENCY_MS). */
  ruleLatencyMs?: number;
}

type ReasonerConfig = Pick<
  Config,
  | 'GEMINI_API_KEY'
  | 'GEMINI_MODEL'
  | 'GEMINI_BASE_URL'
  | 'GEMINI_TIMEOUT_MS'
  | 'GEMINI_RETRIES'
  | 'GEMINI_TOKEN_BUDGET'
>;

/** The model when GEMINI_API_KEY is set, with the rules answering whatever it cannot; else the rules. */
export function createReasoner(config: ReasonerConfig, options: CreateReasonerOptions = {}): Reasoner {
  const rules = createRuleReasoner({ latencyMs: options.ruleLatencyMs ?? 0 });
  if (!config.GEMINI_API_KEY) return rules;
  return createGeminiReasoner({
    apiKey: config.GEMINI_API_KEY,
    model: config.GEMINI_MODEL,
    baseUrl: config.GEMINI_BASE_URL,
    timeoutMs: config.GEMINI_TIMEOUT_MS,
    retries: config.GEMINI_RETRIES,
    tokenBudget: config.GEMINI_TOKEN_BUDGET,
    fallback: rules,
  });
}
