import { ApiError } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { createReasoner } from '../../../../src/agents/create-reasoner.js';
import { failureOf, ModelFailure } from '../../../../src/agents/gemini/model-failure.js';
import { createTokenLedger } from '../../../../src/agents/gemini/token-ledger.js';
import { usageOf } from '../../../../src/agents/gemini/token-usage.js';
import { loadConfig } from '../../../../src/config.js';

const context = { timeoutMs: 8000, attempts: 1, secret: 'AIza-secret' };

describe('token ledger', () => {
  it('is exhausted at the budget, per incident', () => {
    const ledger = createTokenLedger(100);
    ledger.add('INC-1', 60);
    expect(ledger.exhausted('INC-1')).toBe(false);
    ledger.add('INC-1', 40);
    expect(ledger.exhausted('INC-1')).toBe(true);
    expect(ledger.exhausted('INC-2')).toBe(false);
  });

  it('forgets the least recently charged incidents past its bound', () => {
    const ledger = createTokenLedger(10, 2);
    ledger.add('INC-1', 10);
    ledger.add('INC-2', 10);
    ledger.add('INC-1', 1);
    ledger.add('INC-3', 10);
    expect(ledger.spent('INC-2')).toBe(0);
    expect(ledger.spent('INC-1')).toBe(11);
    expect(ledger.spent('INC-3')).toBe(10);
  });
});

describe('failure reasons', () => {
  const apiError = (status: number, message: string) =>
    new ApiError({ status, message: JSON.stringify({ error: { code: status, message } }) });

  it('names timeouts, statuses and attempts', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(failureOf(abort, context).reason).toBe('model timed out after 8000 ms');
    expect(failureOf(abort, { ...context, attempts: 2 }).reason).toBe(
      'model timed out after 8000 ms (2 attempts)',
    );
    expect(failureOf(apiError(429, 'quota'), context).reason).toBe('model returned HTTP 429 (rate limited)');
    expect(failureOf(apiError(404, 'models/gemini-x is not found'), context).reason).toBe(
      'model returned HTTP 404 (model not found): models/gemini-x is not found',
    );
  });

  it('never repeats the API key, even when a message does', () => {
    const reason = failureOf(apiError(400, 'API key AIza-secret not valid'), context).reason;
    expect(reason).not.toContain('AIza-secret');
    expect(failureOf(new Error('bad key AIza-secret'), context).reason).toBe(
      'model call failed: bad key [redacted]',
    );
  });

  it('keeps a ModelFailure as it is', () => {
    const failure = new ModelFailure('model refused: finish reason SAFETY');
    expect(failureOf(failure, context)).toBe(failure);
  });
});

describe('usage', () => {
  it('counts thinking tokens as output', () => {
    expect(
      usageOf({
        promptTokenCount: 100,
        candidatesTokenCount: 20,
        thoughtsTokenCount: 30,
        totalTokenCount: 150,
      }),
    ).toEqual({ prompt: 100, output: 50, total: 150 });
    expect(usageOf(undefined)).toEqual({ prompt: 0, output: 0, total: 0 });
  });
});

describe('createReasoner', () => {
  it('reads the Gemini settings with their defaults', () => {
    const config = loadConfig({});
    expect(config.GEMINI_TIMEOUT_MS).toBe(8000);
    expect(config.GEMINI_RETRIES).toBe(1);
    expect(config.GEMINI_TOKEN_BUDGET).toBe(50_000);
    expect(loadConfig({ GEMINI_TIMEOUT_MS: '2500', GEMINI_RETRIES: '0' })).toMatchObject({
      GEMINI_TIMEOUT_MS: 2500,
      GEMINI_RETRIES: 0,
    });
  });

  it('is the rules without a key, and Gemini over the rules with one', () => {
    expect(createReasoner(loadConfig({})).name).toBe('rules');
    const gemini = createReasoner(loadConfig({ GEMINI_API_KEY: 'AIza-test', GEMINI_MODEL: 'gemini-x' }));
    expect(gemini.name).toBe('gemini:gemini-x');
  });
});
