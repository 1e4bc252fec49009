import { describe, expect, it } from 'vitest';
import { newTicket, type Ticket } from '../../../src/domain/ticket.js';
import { runbookAskProblem, runbookChoiceProblem } from '../../../src/pipeline/diagnosis/runbook-ask.js';
import { runbookOptionModel } from '../../../src/slack/listeners/runbook-fields-model.js';
import { exampleCatalog, runbooksOf } from '../runbooks/example-estate.js';

const catalog = exampleCatalog();
const runbooks = runbooksOf(
  [
    {
      name: 'chosen.yaml',
      text: `runbooks:
  - id: restart-fraud
    title: Restart fraud-check
    matches: { services: [fraud-check], alerts: [FraudDown] }
    params:
      program: { type: string, pattern: "^[a-z-]{1,20}$", default: fraud-check, description: the program }
      attempts: { type: integer, min: 1, max: 3, default: 1 }
      mode: { type: enum, values: [soft, hard], default: soft }
      target: { type: string, from: service, pattern: "^[a-z-]+$" }
    steps:
      - id: restart
        title: Restart it
        executor: lab-supervisor
        action: { kind: supervisor, operation: restart, program: "{{program}}" }
        risk: low
  - id: elsewhere
    title: Fits another incident
    matches: { services: [fraud-check], alerts: [Other] }
    steps:
      - id: restart
        title: Restart it
        executor: lab-supervisor
        action: { kind: supervisor, operation: restart, program: fraud-check }
        risk: low
`,
    },
  ],
  catalog,
);
const ctx = { catalog, runbooks };
const ticket: Ticket = newTicket({
  id: 'INC-0003',
  system: 'fraud-check',
  issue: 'FraudDown',
  sev: 'sev2',
  source: 'alert',
  channel: 'C1',
  fingerprint: 'f',
  now: new Date('2026-01-01T00:00:00Z'),
});
const check = (runbookId: string, overrides: Record<string, string>) =>
  runbookChoiceProblem(ctx, ticket, runbookId, new Map(Object.entries(overrides)));

describe('a runbook chosen in Request changes, checked as the planner checks it', () => {
  it('accepts values that pass their type, range, list and pattern', () => {
    expect(check('restart-fraud', { program: 'fraud-check', attempts: '3', mode: 'hard' })).toBeUndefined();
    expect(check('restart-fraud', {})).toBeUndefined();
  });

  it('puts each refusal under its param, and what is not a param’s under the runbook', () => {
    const problem = check('restart-fraud', { program: 'x;reboot', attempts: '9', mode: 'loud' });
    expect(Object.keys(problem?.params ?? {}).sort()).toEqual(['attempts', 'mode', 'program']);
    expect(problem?.params.attempts).toBe('param attempts: above the maximum 3');
    expect(problem?.params.mode).toMatch(/^param mode: not one of soft, hard/);
    expect(problem?.params.program).toMatch(/^param program: the value/);
    expect(problem?.runbook).toBeUndefined();
    // A value the incident supplies (its catalog service) cannot be typed over.
    expect(check('restart-fraud', { target: 'payments' })?.params.target).toContain('cannot be overridden');
    expect(check('restart-fraud', { colour: 'red' })?.runbook).toContain(
      'param colour: the runbook has no such param',
    );
  });

  it('refuses a runbook that does not fit the incident, as the text path does', () => {
    expect(check('elsewhere', {})?.runbook).toBe(
      'Runbook elsewhere does not fit INC-0003; it may use restart-fraud.',
    );
    expect(runbookAskProblem(ctx, ticket, 'use restart-fraud attempts=0')).toBe(
      'Runbook restart-fraud: param attempts: below the minimum 1.',
    );
  });

  it('models the params as the modal shows them: lists as selects, rules as hints, incident facts fixed', () => {
    const runbook = runbooks.find((candidate) => candidate.id === 'restart-fraud');
    if (runbook === undefined) throw new Error('no runbook');
    const model = runbookOptionModel(runbook, { service: 'fraud-check' }, { attempts: 2 });
    expect(model.params).toEqual([
      {
        name: 'program',
        description: 'the program',
        initial: 'fraud-check',
        rule: 'Must match ^[a-z-]{1,20}$',
      },
      { name: 'attempts', initial: '2', rule: 'A whole number (≥ 1, ≤ 3)' },
      { name: 'mode', choices: ['soft', 'hard'], initial: 'soft' },
      { name: 'target', fixed: 'fraud-check' },
    ]);
  });
});
