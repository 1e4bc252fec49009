export { guardAction, guardOverrideLines, guardPlan, guardText, reportVerdict } from './guard.js';
export { MAX_STEP_CHARS, type NormalizedCommand, normalizeCommand } from './normalize.js';
export { ACTION_RULES, GUARD_RULES } from './rules.js';
export { maskSecrets } from './secrets.js';
export {
  type ActionRule,
  GuardCategory,
  GuardFinding,
  GuardReport,
  type GuardRule,
  GuardVerdict,
} from './types.js';
