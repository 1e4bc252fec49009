import { createHash, randomBytes } from 'node:crypto';

/** One id per slash command delivery (Slack may deliver it twice): the job id dedups a repeat. */
export function commandRequestId(triggerId: string | undefined): string {
  const seed = triggerId || randomBytes(16).toString('hex');
  return `d${createHash('sha256').update(seed).digest('base64url').slice(0, 22)}`;
}
