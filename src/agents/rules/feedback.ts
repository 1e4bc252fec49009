import type { ActionKind } from '../../domain/runbook.js';

const ROLLBACK = /\b(roll ?-?back|revert)/;
const MENTIONS: readonly [ActionKind, RegExp][] = [
  ['restart', /\b(restart\w*|reboot\w*|bounce)\b/],
  ['rollback_config', /\b(roll ?-?back|revert)\w* (the |of the )?config|\bconfig (roll ?-?back|revert)/],
  [
    'rollback_deploy',
    /\b(roll ?-?back|revert)\w* (the |of the )?(deploy|release)|\b(deploy|release) (roll ?-?back|revert)/,
  ],
  ['scale_up', /\bscal(e|ing)\b/],
  ['clear_cache', /\b(clear|flush)\w* (the )?cache|\bcache (clear|flush)/],
  ['failover', /\bfail ?-?over\b/],
  ['increase_pool', /\bpool\b/],
  ['free_disk', /\b(free|purge|clean)\w* (the |up )?disk|\bdisk clean ?up\b/],
];
const NEGATION = /\b(avoid|no|not|don'?t|do not|never|without|skip|instead of|stop)\b/;

function mentioned(clause: string): ActionKind[] {
  const kinds = MENTIONS.filter(([, pattern]) => pattern.test(clause)).map(([kind]) => kind);
  const specificRollback = kinds.includes('rollback_config') || kinds.includes('rollback_deploy');
  // "no rollback" without saying of what rules out both kinds.
  if (!specificRollback && ROLLBACK.test(clause)) kinds.push('rollback_config', 'rollback_deploy');
  return kinds;
}

/** Actions a human ruled out in "request changes" feedback, e.g. "avoid restart", "no failover". */
export function vetoedActions(feedback: string): ActionKind[] {
  const clauses = feedback.toLowerCase().split(/[.;,!?\n]|\bbut\b/);
  const vetoed = clauses.filter((clause) => NEGATION.test(clause)).flatMap(mentioned);
  return [...new Set(vetoed)];
}
