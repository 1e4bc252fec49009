import type { PlannedAction } from '../../domain/ticket.js';
import type { ActionRule } from './types.js';

/**
 * Empty, or a bare "none"/"n/a" with nothing after it. "none: the cache refills on read" explains why
 * nothing needs undoing (the runbook's restart, clear_cache and free_disk say so) and is accepted.
 */
const NO_ROLLBACK = /^(none|n\/a|na|no|nothing|no rollback|not possible|tbd|unknown|-+)?\.?$/i;
const EVERYTHING = /\b(all|every|entire|whole)\b/i;

const lacksRollback = (action: PlannedAction) => NO_ROLLBACK.test(action.rollback.trim());
const rollbackExcerpt = (action: PlannedAction) => `rollback: "${action.rollback}"`;

export const ACTION_RULES: readonly ActionRule[] = [
  {
    id: 'G035',
    verdict: 'warn',
    category: 'rollback',
    reason: 'No way back: the step has no rollback',
    test: (action) => lacksRollback(action) && action.risk !== 'high',
    excerpt: rollbackExcerpt,
  },
  {
    id: 'G036',
    verdict: 'block',
    category: 'rollback',
    reason: 'A high-risk step with no rollback',
    test: (action) => lacksRollback(action) && action.risk === 'high',
    excerpt: rollbackExcerpt,
  },
  {
    id: 'G037',
    verdict: 'warn',
    category: 'blast_radius',
    reason: 'A high-risk step that touches everything at once',
    test: (action) => action.risk === 'high' && EVERYTHING.test(action.blastRadius),
    excerpt: (action) => `blast radius: ${action.blastRadius}`,
  },
];
