import { describe, expect, it } from 'vitest';
import { createRuleReasoner } from '../../../src/agents/rule-reasoner.js';
import type { StubReply } from '../../../src/dev/gemini-stub.js';
import { useGeminiStub } from '../../support/gemini-harness.js';
import { stageInputs } from '../../support/stage-inputs.js';

const rules = createRuleReasoner();

describe('Gemini reasoner: every failure falls back to the rules, and meta says why', () => {
  const harness = useGeminiStub();
  const { reasoner, nextIncident } = harness;

  const failures: { kind: string; replies: StubReply[]; reason: RegExp; requests: number }[] = [
    {
      kind: 'malformed JSON twice',
      replies: [{ text: 'Sure! Here is the diagnosis:' }, { text: '{"rootService": "api",' }],
      reason: /^model output failed validation: not valid JSON/,
      requests: 2,
    },
    {
      kind: 'wrong schema twice',
      replies: [{ json: { root: 'api' } }, { json: { rootService: 42, fault: 'gremlins' } }],
      reason: /^model output failed validation: rootService: .*fault/,
      requests: 2,
    },
    {
      kind: 'a service that does not exist, twice',
      replies: [0, 1].map(() => ({
        json: {
          rootService: 'mainframe',
          fault: 'slow',
          summary: 's',
          evidence: [],
          confidence: 80,
          explains: [],
        },
      })),
      reason: /^model output failed validation: rootService: "mainframe" is not a known service/,
      requests: 2,
    },
    {
      kind: 'HTTP 429',
      replies: [{ status: 429 }],
      reason: /^model returned HTTP 429 \(rate limited\)$/,
      requests: 1,
    },
    {
      kind: 'HTTP 503',
      replies: [{ status: 503 }],
      reason: /^model returned HTTP 503 \(unavailable\)$/,
      requests: 1,
    },
    {
      kind: 'a SAFETY block',
      replies: [{ block: 'SAFETY' }],
      reason: /^model refused: finish reason SAFETY$/,
      requests: 1,
    },
    {
      kind: 'an empty reply',
      replies: [{ text: '' }],
      reason: /^model returned an empty reply/,
      requests: 1,
    },
  ];

  it.each(failures)('$kind: the rules answer the stage, and meta says why', async (failure) => {
    const inputs = stageInputs(nextIncident());
    harness.stub.script('rca', failure.replies);
    const result = await reasoner().rca(inputs.rca);

    expect(result.meta.engine).toBe('rules');
    expect(result.meta.fallbackReason).toMatch(failure.reason);
    expect(result.output).toEqual((await rules.rca(inputs.rca)).output);
    expect(harness.stub.requests).toHaveLength(failure.requests);
    if (failure.requests === 2) expect(harness.stub.requests[1]?.repair).toBe(true);
  });

  it('a hang: times out, and the rules answer', async () => {
    const inputs = stageInputs(nextIncident());
    harness.stub.script('specialist:storage', [{ hang: true }]);
    const result = await reasoner({ timeoutMs: 300 }).specialist(inputs.specialist('storage'));

    expect(result.meta).toMatchObject({ engine: 'rules', fallbackReason: 'model timed out after 300 ms' });
    expect(result.meta.latencyMs).toBeGreaterThanOrEqual(250);
    expect(result.output).toEqual((await rules.specialist(inputs.specialist('storage'))).output);
  });

  it.each(['triage', 'plan'] as const)('%s falls back on a 503 too', async (stage) => {
    const inputs = stageInputs(nextIncident());
    harness.stub.script(stage, [{ status: 503 }]);
    const result =
      stage === 'triage' ? await reasoner().triage(inputs.triage) : await reasoner().plan(inputs.plan);
    expect(result.meta).toMatchObject({
      engine: 'rules',
      fallbackReason: 'model returned HTTP 503 (unavailable)',
    });
  });

  it('retries a 503 when retries are configured, and says so when every attempt failed', async () => {
    const inputs = stageInputs(nextIncident());
    harness.stub.script('rca', [{ status: 503 }]);
    expect((await reasoner({ retries: 1 }).rca(inputs.rca)).meta.engine).toBe('model');
    expect(harness.stub.requests).toHaveLength(2);

    harness.stub.script('rca', [{ status: 503 }, { status: 503 }]);
    expect((await reasoner({ retries: 1 }).rca(inputs.rca)).meta.fallbackReason).toBe(
      'model returned HTTP 503 (unavailable) (2 attempts)',
    );
  });
});
