import { afterAll, afterEach, beforeAll } from 'vitest';
import { createGeminiReasoner, type GeminiReasonerOptions } from '../../src/agents/gemini/index.js';
import type { Reasoner } from '../../src/agents/reasoner.js';
import { createRuleReasoner } from '../../src/agents/rule-reasoner.js';
import { type GeminiStub, startGeminiStub } from '../../src/dev/gemini-stub.js';

export const FAKE_GEMINI_KEY = 'AIzaFAKE-test-key-0123456789';

export interface GeminiHarness {
  readonly stub: GeminiStub;
  /** The real client against the stub, observed so unscripted calls get the rules' answers. */
  reasoner(overrides?: Partial<GeminiReasonerOptions>): Reasoner;
  nextIncident(): string;
}

/** One stub per suite, reset after every test. Call at the top of a describe block. */
export function useGeminiStub(): GeminiHarness {
  let stub: GeminiStub | undefined;
  let incident = 0;
  const rules = createRuleReasoner();
  beforeAll(async () => {
    stub = await startGeminiStub();
  });
  afterEach(() => stub?.reset());
  afterAll(async () => {
    await stub?.close();
  });
  const running = (): GeminiStub => {
    if (!stub) throw new Error('the Gemini stub is not running');
    return stub;
  };
  return {
    get stub() {
      return running();
    },
    reasoner: (overrides = {}) =>
      running().observe(
        createGeminiReasoner({
          apiKey: FAKE_GEMINI_KEY,
          model: 'gemini-test',
          baseUrl: running().url,
          timeoutMs: 5000,
          retries: 0,
          tokenBudget: 1_000_000,
          fallback: rules,
          ...overrides,
        }),
      ),
    nextIncident: () => `INC-${String(++incident).padStart(4, '0')}`,
  };
}
