import type { FreezeWindow } from './freeze-windows.js';

/**
 * Pre-flight: a rollout starts only when the service and what it depends on are healthy on real
 * telemetry (no data blocks: it is never healthy), no open incident touches them (unless that
 * incident's own plan proposes this very rollout back: remediation), no freeze window is active,
 * and the executor's dry run of every step passes. Pure: the edge gathers each fact.
 */
export interface PreflightFacts {
  service: string;
  /** Its health and each dependency's, as the probe read them. */
  health: ReadonlyArray<{
    service: string;
    state: 'healthy' | 'degraded' | 'down' | 'unknown';
    why: readonly string[];
  }>;
  /** Open incidents on the service or a dependency; `remediation`: its plan proposes this rollout. */
  incidents: ReadonlyArray<{ id: string; system: string; remediation: boolean }>;
  /** The freeze window active now, and where it comes from. */
  freeze?: { window: FreezeWindow; source: 'FREEZE_WINDOWS' | 'catalog' };
  /** Other changes of the same service still under way (waiting, rolling, halted, rolling back). */
  otherChanges?: ReadonlyArray<{ id: string; status: string }>;
  /** Every step's dry run; a problem per step that did not pass. */
  dryRunProblems: readonly string[];
  /** Why no plan could be made (no rollout runbook, no instances…): blocks on its own. */
  planProblem?: string;
}

export type PreflightVerdict = { ok: true; notes: string[] } | { ok: false; reasons: string[] };

export function preflightVerdict(facts: PreflightFacts): PreflightVerdict {
  const reasons: string[] = [];
  const notes: string[] = [];
  if (facts.planProblem) reasons.push(facts.planProblem);
  if (facts.freeze)
    reasons.push(
      `freeze window ${facts.freeze.window.text} is active (${facts.freeze.source === 'catalog' ? `catalog freeze on ${facts.service}` : 'FREEZE_WINDOWS'})`,
    );
  for (const other of facts.otherChanges ?? [])
    reasons.push(
      `change ${other.id} of ${facts.service} is still ${other.status}: one change of a service at a time`,
    );
  for (const incident of facts.incidents) {
    if (incident.remediation)
      notes.push(`${incident.id} is open on ${incident.system}; its plan proposes this rollback`);
    else reasons.push(`open incident ${incident.id} touches ${incident.system}`);
  }
  for (const report of facts.health) {
    if (report.state === 'healthy') continue;
    const why = report.why.length > 0 ? `: ${report.why.join('; ')}` : '';
    reasons.push(
      report.state === 'unknown'
        ? `${report.service} has no data, so it cannot be called healthy${why}`
        : `${report.service} is ${report.state}${why}`,
    );
  }
  reasons.push(...facts.dryRunProblems.map((problem) => `dry run: ${problem}`));
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, notes };
}

/**
 * Whether an open incident's plan proposes rolling `service` back to `version` (its summary says
 * `rolling back <service> <bad> to <version>`, as a plan from a rollback runbook does). Such a
 * rollout is remediation.
 */
export function proposesRollback(planSummary: string | undefined, service: string, version: string): boolean {
  if (planSummary === undefined) return false;
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`rolling back ${literal(service)} \\S+ to ${literal(version)}(?![\\w.-])`).test(
    planSummary,
  );
}
