import type { Reasoned, Reasoner } from '../reasoner.js';
import { createModelClient } from './model-client.js';
import { failureOf } from './model-failure.js';
import { STAGE_SPECS, type StageSpec } from './stage-specs.js';
import { askForJson } from './structured-call.js';
import { createTokenLedger } from './token-ledger.js';
import { NO_TOKENS, type TokenUsage } from './token-usage.js';

export interface GeminiReasonerOptions {
  apiKey: string;
  model: string;
  baseUrl?: string;
  /** Per attempt, in ms. */
  timeoutMs: number;
  /** Extra attempts after a 429, a 5xx or a timeout. */
  retries: number;
  /** Tokens one incident may spend; past it every stage of that incident is answered by `fallback`. */
  tokenBudget: number;
  /** Answers any stage the model cannot: the rule reasoner. */
  fallback: Reasoner;
  /** Monotonic clock in ms, for latency. */
  now?: () => number;
  temperature?: number;
}

/**
 * The model behind the Reasoner port, never worse than the rules: any stage the model cannot
 * answer in time, within budget and on contract is answered by `fallback`, and `meta` says why.
 * The stage wrappers still validate the answer and the guard still checks every planned action.
 */
export function createGeminiReasoner(options: GeminiReasonerOptions): Reasoner {
  const now = options.now ?? (() => performance.now());
  const client = createModelClient(options);
  const ledger = createTokenLedger(options.tokenBudget);

  async function fallBack<I, O>(
    answer: (input: I) => Promise<Reasoned<O>>,
    input: I,
    started: number,
    reason: string,
    usage: TokenUsage,
  ): Promise<Reasoned<O>> {
    const ruled = await answer(input);
    return {
      output: ruled.output,
      meta: {
        engine: 'rules',
        fallbackReason: reason,
        latencyMs: Math.round(now() - started),
        ...(usage.total > 0 ? { tokens: usage } : {}),
      },
    };
  }

  async function reason<I extends { incidentId: string }, O>(
    spec: StageSpec<I, O>,
    fallback: (input: I) => Promise<Reasoned<O>>,
    input: I,
  ): Promise<Reasoned<O>> {
    const started = now();
    const { incidentId } = input;
    if (ledger.exhausted(incidentId)) {
      const spent = ledger.spent(incidentId);
      return fallBack(
        fallback,
        input,
        started,
        `token budget of ${options.tokenBudget} spent (${spent} used)`,
        NO_TOKENS,
      );
    }
    try {
      const answer = await askForJson(client, {
        prompt: spec.prompt(input),
        schema: spec.schema,
        responseJsonSchema: spec.responseJsonSchema,
        check: (output) => spec.check?.(output, input) ?? [],
      });
      ledger.add(incidentId, answer.usage.total);
      return {
        output: answer.output,
        meta: { engine: 'model', latencyMs: Math.round(now() - started), tokens: answer.usage },
      };
    } catch (error) {
      const failure = failureOf(error, {
        timeoutMs: options.timeoutMs,
        attempts: options.retries + 1,
        secret: options.apiKey,
      });
      ledger.add(incidentId, failure.usage.total);
      return fallBack(fallback, input, started, failure.reason, failure.usage);
    }
  }

  const { fallback } = options;
  return {
    name: `gemini:${options.model}`,
    triage: (input) => reason(STAGE_SPECS.triage, (i) => fallback.triage(i), input),
    specialist: (input) => reason(STAGE_SPECS.specialist, (i) => fallback.specialist(i), input),
    rca: (input) => reason(STAGE_SPECS.rca, (i) => fallback.rca(i), input),
    plan: (input) => reason(STAGE_SPECS.plan, (i) => fallback.plan(i), input),
  };
}
