import type { RunbookDryRunResult } from '../../pipeline/review/runbook-dry-run-job.js';

const OUTCOME_ICON = { ok: '✅', failed: '❌', unknown: '❔' } as const;

/** The private answer to `/runbook dry-run`: each step's executor, masked action, outcome and excerpt. Pure. */
export function runbookDryRunText(result: RunbookDryRunResult): string {
  const head = `*Dry run of \`${result.runbookId}\` on \`${result.service}\`* (nothing was changed)`;
  if (result.problem !== undefined || result.dryRun === undefined)
    return `${head}\n${result.problem ?? 'No result.'}`;
  const steps = (result.dryRun.steps ?? []).slice(0, 20).map((step, index) => {
    const status = step.status === undefined ? '' : ` · status ${step.status}`;
    const excerpt = step.excerpt ? `\n    ${step.excerpt.replace(/\s+/g, ' ').slice(0, 300)}` : '';
    return `${index + 1}. ${OUTCOME_ICON[step.outcome]} \`${step.stepId}\` via \`${step.executor}\`: \`${step.action.slice(0, 300)}\` · ${step.outcome}${status} · ${step.durationMs} ms${excerpt}`;
  });
  return [head, result.dryRun.summary, ...steps].join('\n');
}
