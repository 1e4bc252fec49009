import { parseChangeId, ROLLOUT_STATUS_ICON, type Rollout } from '../../domain/rollout/rollout.js';
import { parseRolloutArgs, type RolloutRequest } from '../../domain/rollout/rollout-request.js';

/** `/change rollout … | list | resume ID | rollback ID | help`, parsed. Pure. */
export type ChangeCommand =
  | { kind: 'rollout'; request: RolloutRequest }
  | { kind: 'list' }
  | { kind: 'resume' | 'rollback'; id: string }
  | { kind: 'usage'; problem?: string };

export const CHANGE_USAGE = [
  '*/change* — safe phased rollouts with health gates',
  '• `/change rollout <service> <version> [--phases 1,25,50,100] [--bake 5m] [--previous <version>]`: pre-flight (health, open incidents, freeze windows, dry run), then the plan for approval; phase by phase, each held to its gate after the bake; a failed gate rolls back automatically',
  '• `/change list`: recent changes and their status',
  '• `/change resume ID`: a rollout halted by the kill switch goes on (approvers of its service)',
  '• `/change rollback ID`: a halted or completed rollout goes back to the previous version (approvers)',
].join('\n');

export function parseChangeCommand(text: string): ChangeCommand {
  const [verb, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  if (verb === undefined || verb === 'help') return { kind: 'usage' };
  switch (verb) {
    case 'rollout': {
      const parsed = parseRolloutArgs(rest);
      return parsed.ok
        ? { kind: 'rollout', request: parsed.request }
        : { kind: 'usage', problem: parsed.problem };
    }
    case 'list':
      return rest.length > 0 ? { kind: 'usage', problem: '`list` takes nothing after it' } : { kind: 'list' };
    case 'resume':
    case 'rollback': {
      const id = rest.length === 1 && rest[0] ? parseChangeId(rest[0]) : undefined;
      if (id === undefined)
        return {
          kind: 'usage',
          problem: `\`${verb}\` takes one change id, e.g. \`/change ${verb} CHG-0003\``,
        };
      return { kind: verb, id };
    }
    default:
      return { kind: 'usage', problem: `unknown subcommand \`${verb}\`` };
  }
}

export function changeListText(rollouts: readonly Rollout[]): string {
  if (rollouts.length === 0) return 'No changes yet. Start one with `/change rollout <service> <version>`.';
  const lines = rollouts.map((rollout) => {
    const from = rollout.previousVersion ? `${rollout.previousVersion} → ` : '';
    const why = rollout.reason ? ` · ${rollout.reason.slice(0, 200)}` : '';
    return `• ${ROLLOUT_STATUS_ICON[rollout.status]} \`${rollout.id}\` ${rollout.status} · \`${rollout.service}\` ${from}${rollout.version} · ${rollout.switched.length} instance(s) switched${why}`;
  });
  return ['*Changes*', ...lines].join('\n');
}
