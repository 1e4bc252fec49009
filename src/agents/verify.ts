import type { EstateState } from '../domain/estate/estate-state.js';
import { serviceHealth } from '../domain/estate/health.js';
import { directDependents, isKnownService } from '../domain/services.js';
import type { Status } from '../domain/status.js';
import type { StepReport } from './remediation.js';

export interface Verdict {
  status: Extract<Status, 'Resolved' | 'Partially_Resolved' | 'Needs_Followup'>;
  summary: string;
  checks: string[];
}

/**
 * Health decides, not hope: the root service and the services that call it must be healthy for
 * Resolved; the root healthy (or a step rolled back with the rest fine) is Partially_Resolved.
 */
export function verdictFromHealth(state: EstateState, root: string, steps: readonly StepReport[]): Verdict {
  const rolledBack = steps.filter((step) => step.outcome === 'rolled_back');
  const manual = steps.filter((step) => step.outcome === 'manual');
  if (!isKnownService(root)) {
    return {
      status: 'Needs_Followup',
      summary: `${root} is not in the estate, so its health cannot be verified: check it by hand.`,
      checks: [],
    };
  }
  const rootHealth = serviceHealth(state, root);
  const dependents = directDependents(root).map((service) => serviceHealth(state, service));
  const checks = [rootHealth, ...dependents].map(
    (health) =>
      `${health.service}: ${health.status} (${health.score})${health.reasons[0] ? `, ${health.reasons[0]}` : ''}`,
  );
  const sickDependents = dependents.filter((health) => health.status !== 'healthy');
  const notes: string[] = [];
  if (rolledBack.length > 0) notes.push(`${rolledBack.length} step(s) rolled back because health got worse`);
  if (manual.length > 0) notes.push(`${manual.length} manual step(s) left to people`);

  if (rootHealth.status === 'healthy' && sickDependents.length === 0 && rolledBack.length === 0) {
    return {
      status: 'Resolved',
      summary: [`${root} and its callers are healthy again`, ...notes].join('; '),
      checks,
    };
  }
  if (rootHealth.status === 'healthy') {
    const still = sickDependents.map((health) => health.service).join(', ');
    const parts = [`${root} is healthy`, ...(still ? [`still unhealthy: ${still}`] : []), ...notes];
    return { status: 'Partially_Resolved', summary: parts.join('; '), checks };
  }
  return {
    status: 'Needs_Followup',
    summary: [`${root} is still ${rootHealth.status} (${rootHealth.score})`, ...notes].join('; '),
    checks,
  };
}
