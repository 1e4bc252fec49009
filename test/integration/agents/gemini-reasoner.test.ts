import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseInProcess } from '../../../src/agents/diagnose-in-process.js';
import {
  createGeminiReasoner,
  type GeminiReasonerOptions,
  STAGE_SPECS,
} from '../../../src/agents/gemini/index.js';
import type { Reasoner } from '../../../src/agents/reasoner.js';
import { createRuleReasoner } from '../../../src/agents/rule-reasoner.js';
import { type GeminiStub, type StubReply, startGeminiStub } from '../../../src/dev/gemini-stub.js';
import { initialEstate, injectFault } from '../../../src/domain/estate/index.js';
import { STAGE_NOW, stageInputs } from '../../support/stage-inputs.js';

const API_KEY = 'AIzaFAKE-test-key-0123456789';
const FAKE_SLACK_TOKEN = 'xoxb-111-222-fakeslacktokenvalue';
const rules = createRuleReasoner();

describe('Gemini reasoner: the real @google/genai client against the local stub', () => {
  let stub: GeminiStub;
  let incident = 0;
  const nextIncident = () => `INC-${String(++incident).padStart(4, '0')}`;

  function reasoner(overrides: Partial<GeminiReasonerOptions> = {}): Reasoner {
    return stub.observe(
      createGeminiReasoner({
        apiKey: API_KEY,
        model: 'gemini-test',
        baseUrl: stub.url,
        timeoutMs: 5000,
        retries: 0,
        tokenBudget: 1_000_000,
        fallback: rules,
        ...overrides,
      }),
    );
  }

  beforeAll(async () => {
    stub = await startGeminiStub();
  });
  afterEach(() => stub.reset());
  afterAll(async () => {
    await stub.close();
  });

  it('produces every stage of a whole diagnosis with the model', async () => {
    const state = injectFault(initialEstate(), 'api', 'crash', new Date(STAGE_NOW.getTime() - 5 * 60_000));
    const request = { system: 'api', issue: 'pods crash looping', state, seed: 4, now: STAGE_NOW };
    const run = await diagnoseInProcess({ ...request, reasoner: reasoner(), incidentId: nextIncident() });
    const byRules = await diagnoseInProcess({ ...request, reasoner: rules });

    const metas = [run.meta.triage, ...run.meta.specialists, run.meta.rca, run.meta.plan];
    for (const meta of metas) {
      expect(meta.engine).toBe('model');
      expect(meta.fallbackReason).toBeUndefined();
      expect(meta.tokens?.total).toBeGreaterThan(0);
      expect(meta.tokens?.total).toBe((meta.tokens?.prompt ?? 0) + (meta.tokens?.output ?? 0));
      expect(meta.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(run.rca).toMatchObject({ rootService: 'api', fault: 'crash' });
    expect(run.plan).toEqual(byRules.plan);
    expect(stub.requests.map((r) => r.stage)).toEqual([
      'triage',
      ...run.triage.selected.map((kind) => `specialist:${kind}`),
      'rca',
      'plan',
    ]);
    for (const sent of stub.requests) {
      expect(sent.path).toBe('/v1beta/models/gemini-test:generateContent');
      expect(sent.answeredBy).toBe('rules');
      expect(sent.body.generationConfig?.responseMimeType).toBe('application/json');
      const family = (sent.stage ?? '').split(':')[0] as keyof typeof STAGE_SPECS;
      expect(sent.body.generationConfig?.responseJsonSchema).toEqual(STAGE_SPECS[family].responseJsonSchema);
      expect(JSON.stringify(sent.body.systemInstruction)).toContain('You are Warroom');
    }
  });

  it('sends the API key in x-goog-api-key only, and no other secret anywhere', async () => {
    const saved = { bot: process.env.SLACK_BOT_TOKEN, secret: process.env.SLACK_SIGNING_SECRET };
    process.env.SLACK_BOT_TOKEN = FAKE_SLACK_TOKEN;
    process.env.SLACK_SIGNING_SECRET = 'fake-signing-secret-abcdef';
    try {
      const inputs = stageInputs(nextIncident());
      const gemini = reasoner();
      await gemini.triage(inputs.triage);
      await gemini.plan(inputs.plan);
    } finally {
      restoreEnv('SLACK_BOT_TOKEN', saved.bot);
      restoreEnv('SLACK_SIGNING_SECRET', saved.secret);
    }
    expect(stub.requests).toHaveLength(2);
    for (const sent of stub.requests) {
      expect(sent.headers['x-goog-api-key']).toBe(API_KEY);
      expect(sent.headers.authorization).toBeUndefined();
      const otherHeaders = Object.entries(sent.headers).filter(([name]) => name !== 'x-goog-api-key');
      const everythingElse = JSON.stringify(otherHeaders) + sent.rawBody + sent.path;
      for (const secret of [API_KEY, FAKE_SLACK_TOKEN, 'fake-signing-secret-abcdef', 'xoxb-']) {
        expect(everythingElse).not.toContain(secret);
      }
    }
  });

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
    stub.script('rca', failure.replies);
    const result = await reasoner().rca(inputs.rca);

    expect(result.meta.engine).toBe('rules');
    expect(result.meta.fallbackReason).toMatch(failure.reason);
    expect(result.output).toEqual((await rules.rca(inputs.rca)).output);
    expect(stub.requests).toHaveLength(failure.requests);
    if (failure.requests === 2) expect(stub.requests[1]?.repair).toBe(true);
  });

  it('a hang: times out, and the rules answer', async () => {
    const inputs = stageInputs(nextIncident());
    stub.script('specialist:storage', [{ hang: true }]);
    const result = await reasoner({ timeoutMs: 300 }).specialist(inputs.specialist('storage'));

    expect(result.meta).toMatchObject({ engine: 'rules', fallbackReason: 'model timed out after 300 ms' });
    expect(result.meta.latencyMs).toBeGreaterThanOrEqual(250);
    expect(result.output).toEqual((await rules.specialist(inputs.specialist('storage'))).output);
  });

  it.each(['triage', 'plan'] as const)('%s falls back on a 503 too', async (stage) => {
    const inputs = stageInputs(nextIncident());
    stub.script(stage, [{ status: 503 }]);
    const result =
      stage === 'triage' ? await reasoner().triage(inputs.triage) : await reasoner().plan(inputs.plan);
    expect(result.meta).toMatchObject({
      engine: 'rules',
      fallbackReason: 'model returned HTTP 503 (unavailable)',
    });
  });

  it('one repair turn fixes a first invalid reply', async () => {
    const inputs = stageInputs(nextIncident());
    stub.script('triage', [{ json: { severity: 'sev9' }, usage: { prompt: 1000, output: 10 } }]);
    const result = await reasoner().triage(inputs.triage);

    expect(result.meta.engine).toBe('model');
    expect(result.output).toEqual((await rules.triage(inputs.triage)).output);
    expect(stub.requests.map((r) => [r.repair, r.answeredBy])).toEqual([
      [false, 'scripted'],
      [true, 'rules'],
    ]);
    const turns = stub.requests[1]?.body.contents ?? [];
    expect(turns.map((turn) => turn.role)).toEqual(['user', 'model', 'user']);
    expect(turns[1]?.parts?.[0]?.text).toBe('{"severity":"sev9"}');
    expect(turns[2]?.parts?.[0]?.text).toMatch(/severity: .*\n.*corrected JSON/);
    expect(result.meta.tokens?.prompt).toBeGreaterThan(1000);
  });

  it('retries a 503 when retries are configured, and says so when every attempt failed', async () => {
    const inputs = stageInputs(nextIncident());
    stub.script('rca', [{ status: 503 }]);
    expect((await reasoner({ retries: 1 }).rca(inputs.rca)).meta.engine).toBe('model');
    expect(stub.requests).toHaveLength(2);

    stub.script('rca', [{ status: 503 }, { status: 503 }]);
    expect((await reasoner({ retries: 1 }).rca(inputs.rca)).meta.fallbackReason).toBe(
      'model returned HTTP 503 (unavailable) (2 attempts)',
    );
  });

  it('stops calling the model for an incident past its token budget, and only for that incident', async () => {
    const gemini = reasoner({ tokenBudget: 500 });
    const spender = stageInputs(nextIncident());
    const other = stageInputs(nextIncident());
    stub.script('triage', [
      { json: (await rules.triage(spender.triage)).output, usage: { prompt: 450, output: 100 } },
    ]);

    expect((await gemini.triage(spender.triage)).meta).toMatchObject({
      engine: 'model',
      tokens: { prompt: 450, output: 100, total: 550 },
    });
    const starved = await gemini.specialist(spender.specialist('storage'));
    expect(starved.meta).toMatchObject({
      engine: 'rules',
      fallbackReason: 'token budget of 500 spent (550 used)',
    });
    expect(starved.meta.tokens).toBeUndefined();
    expect(stub.requests).toHaveLength(1);

    stub.script('triage', [
      { json: (await rules.triage(other.triage)).output, usage: { prompt: 100, output: 50 } },
    ]);
    expect((await gemini.triage(other.triage)).meta.engine).toBe('model');
  });

  it('counts the tokens of failed attempts against the budget and reports them', async () => {
    const gemini = reasoner({ tokenBudget: 300 });
    const inputs = stageInputs(nextIncident());
    stub.script('rca', [
      { text: 'nope', usage: { prompt: 200, output: 5 } },
      { text: 'still nope', usage: { prompt: 210, output: 5 } },
    ]);
    const failed = await gemini.rca(inputs.rca);
    expect(failed.meta.tokens).toEqual({ prompt: 410, output: 10, total: 420 });
    expect((await gemini.plan(inputs.plan)).meta.fallbackReason).toBe('token budget of 300 spent (420 used)');
  });

  it('serves /v1 as well as /v1beta', async () => {
    stub.script('*', [{ json: { ok: true } }]);
    const response = await fetch(`${stub.url}/v1/models/gemini-test:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': API_KEY },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }),
    });
    const body = (await response.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
    expect(response.status).toBe(200);
    expect(body.candidates[0]?.content.parts[0]?.text).toBe('{"ok":true}');
    expect(stub.requests[0]).toMatchObject({ apiVersion: 'v1', model: 'gemini-test', stage: null });
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
