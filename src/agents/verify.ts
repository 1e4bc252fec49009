import type { ServiceHealthReport, StepReport } from '../domain/ports.js';
import type { Status } from '../domain/status.js';

export interface Verdict {
  status: Extract<Status, 'Resolved' | 'Partially_Resolved' | 'Needs_Followup'>;
  summary: string;
  checks: string[];
}

/** One look at the root service (first) and the services that call it. */
export type HealthSample = readonly ServiceHealthReport[];

function checkLine(report: ServiceHealthReport): string {
  const score = report.score === undefined ? '' : ` (${report.score})`;
  const why = report.state === 'unknown' ? report.unmeasured[0] : report.reasons[0];
  return `${report.service}: ${report.state}${score}${why ? `, ${why}` : ''}`;
}

function stateOf(report: ServiceHealthReport): string {
  return `${report.state}${report.score === undefined ? '' : ` (${report.score})`}`;
}

/**
 * Health decides, not hope: the root service and the services that call it must be healthy in
 * every sample for Resolved; the root healthy throughout (or a step rolled back with the rest
 * fine) is Partially_Resolved. Unknown is never healthy: what could not be measured is said.
 */
export function verdictFromHealth(
  root: string,
  samples: readonly HealthSample[],
  steps: readonly StepReport[],
): Verdict {
  const rolledBack = steps.filter((step) => step.outcome === 'rolled_back');
  const manual = steps.filter((step) => step.outcome === 'manual');
  const last = samples.at(-1) ?? [];
  const rootNow = last[0];
  if (!rootNow || rootNow.state === 'unknown') {
    const why = rootNow?.unmeasured.join('; ') || 'nothing measures it';
    return {
      status: 'Needs_Followup',
      summary: `${root} could not be verified (${why}): check it by hand.`,
      checks: last.map(checkLine),
    };
  }
  const checks = last.map(checkLine);
  const rootHealthy = samples.every((sample) => sample[0]?.state === 'healthy');
  const sickDependents = last.slice(1).filter((report) => report.state !== 'healthy');
  const dependentsHealthy = samples.every((sample) =>
    sample.slice(1).every((report) => report.state === 'healthy'),
  );
  const notes: string[] = [];
  if (samples.length > 1) notes.push(`${samples.length} health samples`);
  if (rolledBack.length > 0) notes.push(`${rolledBack.length} step(s) rolled back because health got worse`);
  if (manual.length > 0) notes.push(`${manual.length} manual step(s) left to people`);

  if (rootHealthy && dependentsHealthy && rolledBack.length === 0) {
    return {
      status: 'Resolved',
      summary: [`${root} and its callers are healthy again`, ...notes].join('; '),
      checks,
    };
  }
  if (rootHealthy) {
    const still = sickDependents.map((report) => `${report.service} ${report.state}`).join(', ');
    const parts = [`${root} is healthy`, ...(still ? [`still not healthy: ${still}`] : []), ...notes];
    return { status: 'Partially_Resolved', summary: parts.join('; '), checks };
  }
  const wavered = rootNow.state === 'healthy' ? ` (healthy now, not in every sample)` : '';
  return {
    status: 'Needs_Followup',
    summary: [`${root} is still ${stateOf(rootNow)}${wavered}`, ...notes].join('; '),
    checks,
  };
}
