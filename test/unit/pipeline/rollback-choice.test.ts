import { describe, expect, it } from 'vitest';
import type { RcaOutput } from '../../../src/agents/schemas.js';
import type { ChangeNote } from '../../../src/domain/change.js';
import { newTicket } from '../../../src/domain/ticket.js';
import { runbookPlanFor } from '../../../src/pipeline/diagnosis/runbook-choice.js';
import { exampleCatalog, runbooksOf } from '../runbooks/example-estate.js';

/** A restart for crashes, and a rollback that takes its build from the recorded change. */
const FRAUD_RUNBOOKS = `runbooks:
  - id: restart-fraud
    title: Restart fraud-check
    matches: { services: [fraud-check], faults: [crash] }
    steps:
      - { id: restart, title: Restart it, executor: lab-supervisor, risk: low, action: { kind: supervisor, operation: restart, program: fraud-check } }
  - id: rollback-fraud
    title: Put the previous fraud-check build back
    matches: { services: [fraud-check] }
    params:
      build: { type: string, from: previousVersion, pattern: "^[0-9]+[.][0-9]+[.][0-9]+$" }
    steps:
      - id: previous
        title: Start the previous build
        executor: lab-supervisor
        action: { kind: supervisor, operation: restart, program: fraud-check }
        risk: medium
`;
const catalog = exampleCatalog();
const runbooks = runbooksOf([{ name: 'fraud.yaml', text: FRAUD_RUNBOOKS }], catalog);
const ctx = { catalog, runbooks };
const rca: RcaOutput = {
  rootService: 'fraud-check',
  fault: 'crash',
  summary: 'fraud-check crash loop',
  evidence: [],
  confidence: 70,
  explains: [],
};

function ticketWith(changes: ChangeNote[]) {
  return newTicket({
    id: 'INC-0004',
    system: 'fraud-check',
    issue: 'FraudCheckDown',
    sev: 'sev2',
    source: 'alert',
    channel: 'C1',
    fingerprint: 'f',
    changes,
    now: new Date('2026-12-06T08:00:00Z'),
  });
}

const deploy = (previousVersion: string): ChangeNote => ({
  id: 'd1',
  service: 'fraud-check',
  version: '4.2.0',
  previousVersion,
  at: '2026-12-06T07:55:00.000Z',
  source: 'webhook',
});

describe('the plan after a deploy on the root service', () => {
  it('proposes the rollback runbook first, with the version before the deploy', () => {
    const outcome = runbookPlanFor(ctx, rca, ticketWith([deploy('4.1.9')]));
    expect(outcome.kind).toBe('planned');
    if (outcome.kind !== 'planned') return;
    expect(outcome.output.runbook?.runbookId).toBe('rollback-fraud');
    expect(outcome.output.runbook?.params).toEqual({ build: '4.1.9' });
    expect(outcome.output.summary).toContain('rolling back fraud-check 4.2.0 to 4.1.9');
  });

  it('without a change, plans as before: the rollback runbook cannot fill its version', () => {
    const outcome = runbookPlanFor(ctx, rca, ticketWith([]));
    expect(outcome.kind === 'planned' ? outcome.output.runbook?.runbookId : outcome.kind).toBe(
      'restart-fraud',
    );
  });

  it('a version the rollback runbook refuses leaves the other runbooks to plan', () => {
    const outcome = runbookPlanFor(ctx, rca, ticketWith([deploy('latest; rm -rf /')]));
    expect(outcome.kind === 'planned' ? outcome.output.runbook?.runbookId : outcome.kind).toBe(
      'restart-fraud',
    );
  });
});
