import { type ActionKind, RUNBOOK } from '../domain/runbook.js';
import type { PlannedAction } from '../domain/ticket.js';

/** Phrases people write for each runbook action; anything else becomes a manual step. */
const ACTION_PHRASES: ReadonlyArray<[ActionKind, RegExp]> = [
  ['rollback_config', /\b(roll ?back|revert|restore)\b.*\bconfig/],
  ['rollback_deploy', /\b(roll ?back|revert)\b|\bprevious (release|version)\b/],
  ['increase_pool', /\bpool\b/],
  ['clear_cache', /\b(clear|flush|purge)\b.*\bcache\b|\bclear_cache\b/],
  ['free_disk', /\b(free|clean|rotate)\b.*\b(disk|logs?|space)\b|\bfree_disk\b/],
  ['failover', /\bfail ?over\b/],
  ['scale_up', /\bscale\b|\breplicas?\b/],
  ['restart', /\b(restart|bounce|recycle)\b/],
];

/** The estate's name for a word of the line (a name or an alias), or undefined. */
export type ResolveService = (word: string) => string | undefined;

function targetOf(line: string, fallback: string, resolve: ResolveService): string {
  for (const word of line.toLowerCase().split(/[^a-z0-9:-]+/)) {
    const service = word ? resolve(word) : undefined;
    if (service) return service;
  }
  return fallback;
}

/**
 * A human's override, one step a line, as plan actions: recognised runbook actions run through the
 * fixers like the crew's own; the rest become manual checklist items for a person to tick.
 */
export function overridePlan(
  lines: readonly string[],
  root: string,
  resolve: ResolveService,
): PlannedAction[] {
  return lines.map((line, index) => {
    const lower = line.toLowerCase();
    const kind = ACTION_PHRASES.find(([, phrase]) => phrase.test(lower))?.[0] ?? 'manual';
    const entry = RUNBOOK[kind];
    return {
      id: `h${index + 1}`,
      kind,
      target: targetOf(line, root, resolve),
      description: line.slice(0, 500),
      risk: entry.risk,
      blastRadius: entry.blastRadius,
      rollback: kind === 'manual' ? 'as described by the person who wrote it' : entry.rollback,
    };
  });
}
