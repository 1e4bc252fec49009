import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createReasoner } from '../../src/agents/create-reasoner.js';
import { loadConfig } from '../../src/config.js';
import { type GeminiStub, startGeminiStub } from '../../src/dev/gemini-stub.js';
import { threadMessage } from '../support/approval-flow.js';
import { type E2E, startE2E } from '../support/e2e.js';
import { waitForStatus } from '../support/test-runtime.js';

const CHANNEL = 'C0GEMINI';
const KEY = 'AIzaFAKE-e2e-key-0123456789';

describe('Gemini reasoning end to end (real @google/genai client against the local stub)', () => {
  let stub: GeminiStub;
  let e2e: E2E | undefined;
  beforeAll(async () => {
    stub = await startGeminiStub();
  });
  afterEach(async () => {
    await e2e?.close();
    e2e = undefined;
    stub.reset();
  });
  afterAll(async () => {
    await stub.close();
  });

  async function start() {
    const config = loadConfig({
      GEMINI_API_KEY: KEY,
      GEMINI_BASE_URL: stub.url,
      GEMINI_TIMEOUT_MS: '1500',
      GEMINI_RETRIES: '0',
    });
    const reasoner = stub.observe(createReasoner(config, { ruleLatencyMs: 0 }));
    e2e = await startE2E({ overrides: { runtime: { reasoner } } });
    await e2e.driver.slashCommand({
      command: '/inject',
      text: 'slow database',
      userId: 'U0ONCALL',
      channelId: CHANNEL,
    });
    const ticket = await waitForStatus(
      e2e.warroom.runtime,
      'INC-0001',
      ['Awaiting_Approval', 'Needs_Followup'],
      30_000,
    );
    return { ticket, runs: await e2e.warroom.runtime.ctx.stages.runs('INC-0001') };
  }

  it('produces every judging stage with the model and says so in the thread', async () => {
    const { ticket, runs } = await start();
    expect(ticket.rca).toMatchObject({ rootService: 'database', fault: 'slow' });
    const judged = runs.filter((run) => run.engine !== undefined);
    expect(judged.length).toBeGreaterThanOrEqual(4);
    expect(judged.every((run) => run.engine === 'model' && !run.fallbackReason)).toBe(true);
    expect(judged.every((run) => (run.tokens ?? 0) > 0)).toBe(true);
    const progress = await threadMessage(e2e as E2E, CHANNEL, 'INC-0001', 'progress', (message) =>
      /model: \d+ of \d+ stages/.test(JSON.stringify(message.blocks)),
    );
    expect(JSON.stringify(progress.message.blocks)).toMatch(/tokens/);
  });

  it.each([
    ['malformed JSON', { text: '{"not json' }],
    ['an HTTP 503', { status: 503 as const }],
    ['an HTTP 429', { status: 429 as const }],
    ['a hang past the timeout', { hang: true as const }],
    ['a safety refusal', { block: 'SAFETY' as const }],
  ])(
    'falls back to the rules on %s and still completes, naming the stage that fell back',
    async (_, reply) => {
      stub.script('rca', [reply, reply]);
      const { ticket, runs } = await start();
      expect(ticket.status).toBe('Awaiting_Approval');
      expect(ticket.rca).toMatchObject({ rootService: 'database', fault: 'slow' });
      const rca = runs.find((run) => run.key === 'rca');
      expect(rca?.engine).toBe('rules');
      expect(rca?.fallbackReason).toBeTruthy();
      const progress = await threadMessage(e2e as E2E, CHANNEL, 'INC-0001', 'progress', (message) =>
        /rules fallback/.test(JSON.stringify(message.blocks)),
      );
      expect(JSON.stringify(progress.message.blocks)).toMatch(/1 fell back to rules/);
    },
  );
});
