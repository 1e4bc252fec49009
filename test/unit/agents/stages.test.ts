import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/agents/plan.js';
import { runRca } from '../../../src/agents/rca.js';
import type { Reasoner } from '../../../src/agents/reasoner.js';
import { createRuleReasoner } from '../../../src/agents/rule-reasoner.js';
import type { RcaOutput, SpecialistInput } from '../../../src/agents/schemas.js';
import { runSpecialist } from '../../../src/agents/specialist.js';
import { runTriage } from '../../../src/agents/triage.js';
import { RUNBOOK } from '../../../src/domain/runbook.js';
import { PermanentError } from '../../../src/errors.js';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { serviceContext } from '../../../src/sim/service-context.js';
import { snapshotOf } from '../domain/estate-fixtures.js';

const meta = { engine: 'model' as const, latencyMs: 1 };
const rules = createRuleReasoner();

/** The rule reasoner with one stage answering `answer` instead. */
function answering(stage: keyof Omit<Reasoner, 'name'>, answer: unknown): Reasoner {
  return { ...rules, name: 'fake', [stage]: async () => ({ output: answer, meta }) } as Reasoner;
}

const service = serviceContext('api');
const telemetry = snapshotOf(initialEstate());
const triageInput = {
  incidentId: 'INC-0001',
  system: 'api',
  issue: 'errors',
  sev: 'sev2' as const,
  service,
  telemetry,
};
const rca: RcaOutput = {
  rootService: 'api',
  fault: 'crash',
  summary: 'Crash loop on api',
  evidence: [],
  confidence: 90,
  explains: [],
};

function rejectsWith(promise: Promise<unknown>, code: string) {
  return expect(promise).rejects.toSatisfy((error) => error instanceof PermanentError && error.code === code);
}

describe('stage wrappers', () => {
  it('reject invalid input before asking the reasoner', async () => {
    await rejectsWith(runTriage({ ...triageInput, sev: 'sev9' as never }, rules), 'invalid_input');
  });

  it('reject output off the contract as reasoner_failed', async () => {
    await rejectsWith(runTriage(triageInput, answering('triage', { nonsense: true })), 'reasoner_failed');
    await rejectsWith(
      runRca({ ...triageInput, findings: [], graph: {} }, answering('rca', { ...rca, confidence: 400 })),
      'reasoner_failed',
    );
  });

  it('triage: selects the best scored specialist when the reasoner picked none', async () => {
    const { output: honest } = await rules.triage({ ...triageInput, thresholds: {} });
    const scores = [
      { kind: 'web', relevance: 30, reason: '' },
      { kind: 'network', relevance: 70, reason: '' },
    ];
    const { output } = await runTriage(triageInput, answering('triage', { ...honest, scores, selected: [] }));
    expect(output.selected).toEqual(['network']);
  });

  it('specialist: files the report under the kind that was asked, strongest finding first', async () => {
    const finding = { service: 'api', fault: null, signal: 's', summary: 's', evidence: [] };
    const answer = {
      kind: 'web',
      summary: 'x',
      findings: [
        { ...finding, confidence: 10 },
        { ...finding, confidence: 80 },
      ],
    };
    const input: SpecialistInput = { ...triageInput, kind: 'storage' };
    const { output } = await runSpecialist(input, answering('specialist', answer));
    expect(output.kind).toBe('storage');
    expect(output.findings.map((f) => f.confidence)).toEqual([80, 10]);
  });

  it('rca: an unknown fault never carries high confidence; explains never names the root', async () => {
    const answer = { ...rca, fault: 'unknown', confidence: 90, explains: ['web-edge', 'api', 'web-edge'] };
    const { output } = await runRca({ ...triageInput, findings: [], graph: {} }, answering('rca', answer));
    expect(output.confidence).toBe(40);
    expect(output.explains).toEqual(['web-edge']);
  });

  it('plan: fills risk, blast radius, rollback, ids and target from the runbook and the diagnosis', async () => {
    const answer = {
      summary: 'restart it',
      actions: [{ kind: 'restart' }, { kind: 'scale_up', id: 'x', target: 'auth' }],
    };
    const { output, meta: reported } = await runPlan(
      { incidentId: 'INC-0001', rca, service },
      answering('plan', answer),
    );
    expect(reported).toBe(meta);
    expect(output.actions).toEqual([
      {
        id: 'a1',
        kind: 'restart',
        target: 'api',
        description: 'Rolling restart on api',
        risk: RUNBOOK.restart.risk,
        blastRadius: RUNBOOK.restart.blastRadius,
        rollback: RUNBOOK.restart.rollback,
      },
      expect.objectContaining({ id: 'x', target: 'auth', risk: 'low', rollback: RUNBOOK.scale_up.rollback }),
    ]);
  });
});
