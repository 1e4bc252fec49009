import { describe, expect, it } from 'vitest';
import { createRuleReasoner } from '../../../src/agents/rule-reasoner.js';
import type { RcaOutput } from '../../../src/agents/schemas.js';
import { serviceContext } from '../../../src/sim/service-context.js';

const rca: RcaOutput = {
  rootService: 'api',
  fault: 'crash',
  summary: 's',
  evidence: [],
  confidence: 90,
  explains: [],
};
const planInput = { incidentId: 'INC-0001', rca, service: serviceContext('api') };

describe('rule reasoner', () => {
  it('answers as the rules engine', async () => {
    const reasoner = createRuleReasoner();
    const { output, meta } = await reasoner.plan(planInput);
    expect(reasoner.name).toBe('rules');
    expect(meta.engine).toBe('rules');
    expect(output.actions[0]?.kind).toBe('restart');
  });

  it('waits the artificial latency, so a benchmark can stand it in for a model', async () => {
    const { meta } = await createRuleReasoner({ latencyMs: 30 }).plan(planInput);
    expect(meta.latencyMs).toBeGreaterThanOrEqual(25);
  });
});
