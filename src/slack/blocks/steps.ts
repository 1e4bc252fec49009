import type { PlannedAction } from '../../domain/ticket.js';
import { RISK_EMOJI } from './labels.js';
import { escapeAndTruncate, oneLine } from './text.js';

/** One numbered step with its risk, blast radius and rollback; as the approval message lists them. */
function stepLine(action: PlannedAction, index: number): string {
  const target = escapeAndTruncate(oneLine(action.target), 60);
  const description = escapeAndTruncate(oneLine(action.description), 400);
  const blast = escapeAndTruncate(oneLine(action.blastRadius || 'not stated'), 150);
  const rollback = escapeAndTruncate(oneLine(action.rollback || 'not stated'), 150);
  return (
    `*${index + 1}.* ${RISK_EMOJI[action.risk]} \`${action.kind}\` on \`${target}\` — ${description}\n` +
    `      _Blast radius:_ ${blast} · _Rollback:_ ${rollback}`
  );
}

export function stepLines(actions: readonly PlannedAction[]): string[] {
  return actions.map(stepLine);
}
