import { ACTION_RULES } from './action-rules.js';
import { DESTRUCTIVE_RULES } from './destructive-rules.js';
import { CREDENTIAL_RULES } from './secrets.js';
import { SECURITY_RULES } from './security-rules.js';
import type { ActionRule, GuardRule } from './types.js';

/** Every rule over the text of a step, in id order. */
export const GUARD_RULES: readonly GuardRule[] = [
  ...DESTRUCTIVE_RULES,
  ...SECURITY_RULES,
  ...CREDENTIAL_RULES,
];

export type { ActionRule, GuardRule };
export { ACTION_RULES };
