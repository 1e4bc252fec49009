import { ACTION_RULES } from './action-rules.js';
import { DATA_RULES } from './data-rules.js';
import { DESTRUCTIVE_RULES } from './destructive-rules.js';
import { HOST_RULES } from './host-rules.js';
import { INFRA_RULES } from './infra-rules.js';
import { CREDENTIAL_RULES } from './secrets.js';
import { SECURITY_RULES } from './security-rules.js';
import type { ActionRule, GuardRule } from './types.js';

/** Every rule over the text of a step. */
export const GUARD_RULES: readonly GuardRule[] = [
  ...DESTRUCTIVE_RULES,
  ...SECURITY_RULES,
  ...CREDENTIAL_RULES,
  ...HOST_RULES,
  ...INFRA_RULES,
  ...DATA_RULES,
];

export type { ActionRule, GuardRule };
export { ACTION_RULES };
