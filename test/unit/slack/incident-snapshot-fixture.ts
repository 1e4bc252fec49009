import { emptyBook } from '../../../src/domain/approval.js';
import type { IncidentSnapshot } from '../../../src/slack/outbox/incident-snapshot.js';

/** An incident snapshot with nothing run, decided or asked yet: tests override what they need. */
export function snapshotOf(
  ticket: IncidentSnapshot['ticket'],
  over: Partial<IncidentSnapshot> = {},
): IncidentSnapshot {
  return {
    ticket,
    runs: [],
    specialists: [],
    rounds: [],
    book: emptyBook(),
    killSwitch: false,
    approvers: [],
    partsByRound: new Map(),
    globalApprovers: [],
    hitlTimeoutMs: 900_000,
    fixes: [],
    manualDone: new Set(),
    stepApprovals: [],
    alerts: { total: 1, firing: 1, resolved: 0, deliveries: 1 },
    telemetryNotes: [],
    ...over,
  };
}
