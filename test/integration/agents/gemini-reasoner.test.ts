import { describe, expect, it } from 'vitest';
import { STAGE_SPECS } from '../../../src/agents/gemini/index.js';
import { createRuleReasoner } from '../../../src/agents/rule-reasoner.js';
import { diagnoseInProcess } from '../../../src/sim/diagnose-in-process.js';
import { initialEstate, injectFault } from '../../../src/sim/estate/index.js';
import { FAKE_GEMINI_KEY as API_KEY, useGeminiStub } from '../../support/gemini-harness.js';
import { STAGE_NOW, stageInputs } from '../../support/stage-inputs.js';

const FAKE_SLACK_TOKEN = 'xoxb-111-222-fakeslacktokenvalue';
const rules = createRuleReasoner();

describe('Gemini reasoner: the real @google/genai client against the local stub', () => {
  const harness = useGeminiStub();
  const { reasoner, nextIncident } = harness;

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
    expect(harness.stub.requests.map((r) => r.stage)).toEqual([
      'triage',
      ...run.triage.selected.map((kind) => `specialist:${kind}`),
      'rca',
      'plan',
    ]);
    for (const sent of harness.stub.requests) {
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
    expect(harness.stub.requests).toHaveLength(2);
    for (const sent of harness.stub.requests) {
      expect(sent.headers['x-goog-api-key']).toBe(API_KEY);
      expect(sent.headers.authorization).toBeUndefined();
      const otherHeaders = Object.entries(sent.headers).filter(([name]) => name !== 'x-goog-api-key');
      const everythingElse = JSON.stringify(otherHeaders) + sent.rawBody + sent.path;
      for (const secret of [API_KEY, FAKE_SLACK_TOKEN, 'fake-signing-secret-abcdef', 'xoxb-']) {
        expect(everythingElse).not.toContain(secret);
      }
    }
  });

  it('one repair turn fixes a first invalid reply', async () => {
    const inputs = stageInputs(nextIncident());
    harness.stub.script('triage', [{ json: { severity: 'sev9' }, usage: { prompt: 1000, output: 10 } }]);
    const result = await reasoner().triage(inputs.triage);

    expect(result.meta.engine).toBe('model');
    expect(result.output).toEqual((await rules.triage(inputs.triage)).output);
    expect(harness.stub.requests.map((r) => [r.repair, r.answeredBy])).toEqual([
      [false, 'scripted'],
      [true, 'rules'],
    ]);
    const turns = harness.stub.requests[1]?.body.contents ?? [];
    expect(turns.map((turn) => turn.role)).toEqual(['user', 'model', 'user']);
    expect(turns[1]?.parts?.[0]?.text).toBe('{"severity":"sev9"}');
    expect(turns[2]?.parts?.[0]?.text).toMatch(/severity: .*\n.*corrected JSON/);
    expect(result.meta.tokens?.prompt).toBeGreaterThan(1000);
  });

  it('stops calling the model for an incident past its token budget, and only for that incident', async () => {
    const gemini = reasoner({ tokenBudget: 500 });
    const spender = stageInputs(nextIncident());
    const other = stageInputs(nextIncident());
    harness.stub.script('triage', [
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
    expect(harness.stub.requests).toHaveLength(1);

    harness.stub.script('triage', [
      { json: (await rules.triage(other.triage)).output, usage: { prompt: 100, output: 50 } },
    ]);
    expect((await gemini.triage(other.triage)).meta.engine).toBe('model');
  });

  it('counts the tokens of failed attempts against the budget and reports them', async () => {
    const gemini = reasoner({ tokenBudget: 300 });
    const inputs = stageInputs(nextIncident());
    harness.stub.script('rca', [
      { text: 'nope', usage: { prompt: 200, output: 5 } },
      { text: 'still nope', usage: { prompt: 210, output: 5 } },
    ]);
    const failed = await gemini.rca(inputs.rca);
    expect(failed.meta.tokens).toEqual({ prompt: 410, output: 10, total: 420 });
    expect((await gemini.plan(inputs.plan)).meta.fallbackReason).toBe('token budget of 300 spent (420 used)');
  });

  it('serves /v1 as well as /v1beta', async () => {
    harness.stub.script('*', [{ json: { ok: true } }]);
    const response = await fetch(`${harness.stub.url}/v1/models/gemini-test:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': API_KEY },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }),
    });
    const body = (await response.json()) as { candidates: { content: { parts: { text: string }[] } }[] };
    expect(response.status).toBe(200);
    expect(body.candidates[0]?.content.parts[0]?.text).toBe('{"ok":true}');
    expect(harness.stub.requests[0]).toMatchObject({ apiVersion: 'v1', model: 'gemini-test', stage: null });
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
