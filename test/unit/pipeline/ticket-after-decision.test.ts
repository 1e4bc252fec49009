import { describe, expect, it } from 'vitest';
import { overridePlan } from '../../../src/agents/override-plan.js';
import type { Decision } from '../../../src/domain/approval.js';
import type { Status } from '../../../src/domain/status.js';
import { type PlannedAction, type Ticket, withStatus } from '../../../src/domain/ticket.js';
import { ticketAfterDecision } from '../../../src/pipeline/hitl/apply-decision-handler.js';
import { OPENED_AT, ticketAt as storedTicket } from '../domain/incident-fixtures.js';

const NOW = new Date('2025-03-01T12:10:00.000Z');
const OPENED = OPENED_AT;
const CREW_PLAN: PlannedAction = {
  id: 'a1',
  kind: 'restart',
  target: 'payments',
  description: 'Restart payments',
  risk: 'low',
  blastRadius: 'payments',
  rollback: 'none needed',
};

function ticketAt(status: Status, rootService?: string): Ticket {
  const opened = storedTicket('Diagnosing', {}, 'checkout');
  const recommended = {
    ...withStatus(opened, 'Remediation_Recommended', { now: OPENED }),
    recommendations: [CREW_PLAN],
    rca: rootService ? { rootService, fault: 'crash', summary: 'it crashed', evidence: [] } : null,
  };
  return status === 'Awaiting_Approval'
    ? withStatus(recommended, 'Awaiting_Approval', { now: OPENED })
    : status === 'Remediation_Recommended'
      ? recommended
      : { ...recommended, status };
}

const ESTATE = new Set(['checkout', 'payments', 'ledger-db']);
/** The real override parser over a small estate, as the handler wires it. */
function planOverride(steps: readonly string[], root: string): PlannedAction[] {
  return overridePlan(steps, root, (word) => (ESTATE.has(word) ? word : undefined));
}

const decision = (kind: Decision['kind'], extra: Partial<Decision> = {}): Decision => ({
  kind,
  at: NOW.toISOString(),
  ...extra,
});

describe('ticketAfterDecision', () => {
  it.each([
    { kind: 'approved', by: 'U1', status: 'Remediating' },
    { kind: 'auto', by: undefined, status: 'Remediating' },
    { kind: 'rejected', by: 'U1', status: 'Rejected' },
    { kind: 'changes_requested', by: 'U1', status: 'Diagnosing' },
    { kind: 'timed_out', by: undefined, status: 'Needs_Followup' },
    { kind: 'overridden', by: 'U1', status: 'Remediating' },
  ] as const)('$kind moves an awaiting ticket to $status', ({ kind, by, status }) => {
    const next = ticketAfterDecision(
      ticketAt('Awaiting_Approval'),
      decision(kind, by ? { by } : {}),
      NOW,
      900,
      planOverride,
    );
    expect(next?.status).toBe(status);
    expect(next?.history.at(-1)).toMatchObject({
      at: NOW.toISOString(),
      from: 'Awaiting_Approval',
      to: status,
    });
  });

  it('records who decided and why in the history', () => {
    const next = ticketAfterDecision(
      ticketAt('Awaiting_Approval'),
      decision('approved', { by: 'U777', reason: 'looks right' }),
      NOW,
      900,
      planOverride,
    );
    expect(next?.history.at(-1)).toEqual({
      at: NOW.toISOString(),
      from: 'Awaiting_Approval',
      to: 'Remediating',
      by: 'U777',
      reason: 'looks right',
    });
  });

  it('a rejection says who rejected and why in the resolution; without a reason it says so', () => {
    const awaiting = ticketAt('Awaiting_Approval');
    expect(
      ticketAfterDecision(
        awaiting,
        decision('rejected', { by: 'U9', reason: 'too risky' }),
        NOW,
        900,
        planOverride,
      )?.resolution,
    ).toBe('Rejected by <@U9>: too risky');
    expect(ticketAfterDecision(awaiting, decision('rejected'), NOW, 900, planOverride)?.resolution).toBe(
      'Rejected by the crew: no reason given',
    );
  });

  it('a timeout is the crew’s, names the timeout and leaves the plan unrun', () => {
    const next = ticketAfterDecision(
      ticketAt('Awaiting_Approval'),
      decision('timed_out'),
      NOW,
      600,
      planOverride,
    );
    expect(next?.history.at(-1)).toMatchObject({ by: 'crew', reason: 'approval timed out' });
    expect(next?.resolution).toBe(
      'No decision within 600 s: the plan was not run. A person needs to follow up.',
    );
    expect(next?.recommendations).toEqual([CREW_PLAN]);
  });

  it('an override replaces the plan with the person’s steps; unnamed targets default to the root service', () => {
    const next = ticketAfterDecision(
      ticketAt('Awaiting_Approval', 'ledger-db'),
      decision('overridden', { by: 'U1', steps: ['restart payments', 'bounce it', 'check the dashboards'] }),
      NOW,
      900,
      planOverride,
    );
    expect(next?.recommendations.map(({ kind, target }) => `${kind} ${target}`)).toEqual([
      'restart payments',
      'restart ledger-db',
      'manual ledger-db',
    ]);
  });

  it('an override without an RCA aims at the alerting system; with no steps the plan is empty', () => {
    const awaiting = ticketAt('Awaiting_Approval');
    const aimed = ticketAfterDecision(
      awaiting,
      decision('overridden', { steps: ['restart'] }),
      NOW,
      900,
      planOverride,
    );
    expect(aimed?.recommendations.map(({ kind, target }) => `${kind} ${target}`)).toEqual([
      'restart checkout',
    ]);
    expect(
      ticketAfterDecision(awaiting, decision('overridden'), NOW, 900, planOverride)?.recommendations,
    ).toEqual([]);
  });

  it('the auto route decides straight from Remediation_Recommended', () => {
    expect(
      ticketAfterDecision(ticketAt('Remediation_Recommended'), decision('auto'), NOW, 900, planOverride)
        ?.status,
    ).toBe('Remediating');
  });

  it.each(['Remediating', 'Resolved', 'Rejected', 'Diagnosing', 'Needs_Followup'] as const)(
    'a decision redelivered once the ticket is %s is already applied: undefined',
    (status) => {
      expect(
        ticketAfterDecision(ticketAt(status), decision('approved'), NOW, 900, planOverride),
      ).toBeUndefined();
    },
  );

  // The decide stage opens the round (the approval message may be posted) just before it moves the
  // ticket to Awaiting_Approval: a click can land in between, longer when the stage is retried.
  it.each([
    { kind: 'rejected', status: 'Rejected' },
    { kind: 'changes_requested', status: 'Diagnosing' },
    { kind: 'approved', status: 'Remediating' },
    { kind: 'overridden', status: 'Remediating' },
  ] as const)(
    'a person’s $kind that lands before the ticket shows Awaiting_Approval answers the ask: $status',
    ({ kind, status }) => {
      const next = ticketAfterDecision(
        ticketAt('Remediation_Recommended'),
        decision(kind, { by: 'U1', reason: 'not now' }),
        NOW,
        900,
        planOverride,
      );
      expect(next?.status).toBe(status);
      expect(next?.history.slice(-2).map(({ from, to, by }) => ({ from, to, by }))).toEqual([
        { from: 'Remediation_Recommended', to: 'Awaiting_Approval', by: 'crew' },
        { from: 'Awaiting_Approval', to: status, by: 'U1' },
      ]);
    },
  );

  it('the crew’s own decisions from Remediation_Recommended do not pass through Awaiting_Approval', () => {
    const recommended = ticketAt('Remediation_Recommended');
    for (const [kind, status] of [
      ['auto', 'Remediating'],
      ['timed_out', 'Needs_Followup'],
    ] as const) {
      const next = ticketAfterDecision(recommended, decision(kind), NOW, 900, planOverride);
      expect(next?.history.slice(-1).map(({ from, to }) => ({ from, to }))).toEqual([
        { from: 'Remediation_Recommended', to: status },
      ]);
    }
  });

  it('does not change the ticket it was given', () => {
    const awaiting = ticketAt('Awaiting_Approval');
    const before = structuredClone(awaiting);
    ticketAfterDecision(awaiting, decision('rejected', { reason: 'x' }), NOW, 900, planOverride);
    expect(awaiting).toEqual(before);
  });
});
