import { RUNBOOK } from '../domain/runbook.js';
import type { ServiceContext } from '../domain/service-context.js';
import type { PlannedAction } from '../domain/ticket.js';
import { clip } from './rules/evidence.js';

export interface ActionReach {
  /** Why nothing may apply actions to this target automatically; undefined when something may. */
  manualBecause(target: string): string | undefined;
  context(target: string): ServiceContext;
}

function handOver(context: ServiceContext): string {
  const who = context.ownerSlack
    ? `<@${context.ownerSlack}> (${context.owner})`
    : (context.owner ?? 'the on-call');
  const runbook = context.runbookUrl ? `; runbook: ${context.runbookUrl}` : '';
  return `${who}${runbook}`;
}

/**
 * A step nothing may apply automatically becomes a manual step for its owner, with the runbook
 * link: it waits for a person to tick it and can never auto-run.
 */
export function withManualFallback(actions: readonly PlannedAction[], reach: ActionReach): PlannedAction[] {
  return actions.map((action) => {
    const because = reach.manualBecause(action.target);
    if (because === undefined) return action;
    const context = reach.context(action.target);
    if (action.kind === 'manual') {
      return { ...action, description: clip(`${action.description} (for ${handOver(context)})`, 500) };
    }
    const entry = RUNBOOK.manual;
    return {
      ...action,
      kind: 'manual',
      description: clip(
        `By hand: ${RUNBOOK[action.kind].title.toLowerCase()} on ${action.target} (${because}); for ${handOver(context)}`,
        500,
      ),
      risk: entry.risk,
      blastRadius: entry.blastRadius,
      rollback: entry.rollback,
    };
  });
}
