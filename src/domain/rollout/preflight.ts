import type { ChangeNote } from '../change.js';
import type { RunbookPlan } from '../runbook-plan.js';
import type { PlannedAction } from '../ticket.js';
import type { FreezeWindow } from './freeze-windows.js';

/**
 * Pre-flight: a rollout starts only when the service and what it depends on are healthy on real
 * telemetry (no data blocks: it is never healthy), no open incident touches them (unless that
 * incident's own plan proposes this very rollout back: remediation), no freeze window is active,
 * and the executor's dry run of every step passes. Pure: the edge gathers each fact.
 */
export interface PreflightFacts {
  service: string;
  /** The version the change rolls out. */
  version: string;
  /** Its health and each dependency's, as the probe read them. */
  health: ReadonlyArray<{
    service: string;
    state: 'healthy' | 'degraded' | 'down' | 'unknown';
    why: readonly string[];
  }>;
  /** Open incidents on the service or a dependency, with the rollbacks each one's latest plan proposes. */
  incidents: ReadonlyArray<{ id: string; system: string; proposes: readonly ProposedRollback[] }>;
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
    const remediation = incident.proposes.some(
      (rollback) => rollback.service === facts.service && rollback.version === facts.version,
    );
    if (remediation)
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

/** A rollback an incident's plan proposes: the service, and the version it goes back to. */
export interface ProposedRollback {
  service: string;
  version: string;
}

/** An incident's latest plan, as far as pre-flight reads it: its actions, and its runbook's params. */
export interface IncidentPlan {
  actions: readonly Pick<PlannedAction, 'kind' | 'target'>[];
  runbook?: Pick<RunbookPlan, 'runbookId' | 'service' | 'params'>;
}

/**
 * The rollbacks an incident's plan proposes, read from its structure, not its wording: a runbook
 * plan whose runbook takes a version from the recorded change (`from: previousVersion`) goes back
 * to the value it was filled with; a `rollback_deploy` action goes back to the version before the
 * newest change the incident names on its target.
 */
export function proposedRollbacks(
  plan: IncidentPlan | undefined,
  /** The params of a runbook that take the version before a recorded change. */
  versionParamsOf: (runbookId: string) => readonly string[],
  changes: readonly ChangeNote[] = [],
): ProposedRollback[] {
  if (plan === undefined) return [];
  const found: ProposedRollback[] = [];
  const { runbook } = plan;
  if (runbook)
    for (const name of versionParamsOf(runbook.runbookId)) {
      const value = runbook.params[name];
      if (typeof value === 'string') found.push({ service: runbook.service, version: value });
    }
  for (const action of plan.actions) {
    if (action.kind !== 'rollback_deploy') continue;
    // The incident's changes come newest first.
    const change = changes.find((entry) => entry.service === action.target && entry.previousVersion);
    if (change?.previousVersion) found.push({ service: change.service, version: change.previousVersion });
  }
  return found;
}
