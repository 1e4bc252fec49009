/**
 * Label values Warroom's series may carry. Every label is kept to a closed set: an unexpected value
 * becomes `other` rather than a new series, so a bug cannot blow up the scrape's cardinality.
 */
export const STAGE_FAMILIES = [
  'intake',
  'triage',
  'specialist',
  'rca',
  'plan',
  'guard',
  'sandbox',
  'decide',
  'fix',
  'verify',
] as const;
export type StageFamily = (typeof STAGE_FAMILIES)[number];

export const SLACK_CALL_RESULTS = ['ok', 'rate_limited', 'ambiguous', 'permanent'] as const;
export type SlackCallResult = (typeof SLACK_CALL_RESULTS)[number];

export const WEBHOOK_RESULTS = [
  'accepted',
  'unauthorized',
  'too_large',
  'invalid_json',
  'invalid_payload',
  'unavailable',
  'internal_error',
] as const;
export type WebhookResult = (typeof WEBHOOK_RESULTS)[number];

export const OTHER = 'other';

/** `specialist:web`, `plan:r2` and `fix:compute:r2` belong to the `specialist`, `plan` and `fix` families. */
export function stageFamily(stageKey: string): StageFamily | typeof OTHER {
  return oneOf(STAGE_FAMILIES, stageKey.split(':')[0] ?? '');
}

export function oneOf<T extends string>(allowed: readonly T[], value: string): T | typeof OTHER {
  return (allowed as readonly string[]).includes(value) ? (value as T) : OTHER;
}
