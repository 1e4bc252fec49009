/** Emoji and short wordings shared by several messages, so one state always looks the same. */
import type { ConfidenceBand } from '../../domain/confidence.js';
import type { Risk } from '../../domain/runbook.js';
import type { Severity } from '../../domain/severity.js';
import type { StageState } from '../../domain/stage-run.js';
import type { Status } from '../../domain/status.js';

export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = { sev1: '🔴', sev2: '🟠', sev3: '🟡' };

export const STATUS_EMOJI: Readonly<Record<Status, string>> = {
  Diagnosing: '🔍',
  Remediation_Recommended: '💡',
  Awaiting_Approval: '✋',
  Remediating: '🛠️',
  Resolved: '✅',
  Partially_Resolved: '🩹',
  Needs_Followup: '📌',
  Duplicate: '🔁',
  False_Positive: '💤',
  Rejected: '⛔',
};

export const RISK_EMOJI: Readonly<Record<Risk, string>> = { low: '🟢', medium: '🟡', high: '🔴' };

export const STAGE_STATE_EMOJI: Readonly<Record<StageState, string>> = {
  pending: '⏳',
  running: '🔄',
  done: '✅',
  failed: '❌',
  skipped: '⏭️',
};

export type GuardVerdict = 'allow' | 'warn' | 'block';

export const VERDICT_EMOJI: Readonly<Record<GuardVerdict, string>> = { allow: '✅', warn: '⚠️', block: '🛑' };

export interface ConfidenceView {
  score: number;
  band: ConfidenceBand;
}

/** "72% · medium". */
export function formatConfidence(confidence: ConfidenceView): string {
  return `${Math.round(confidence.score)}% · ${confidence.band}`;
}

export const KILL_SWITCH_NOTICE =
  '🛑 *Kill switch is on*: no remediation step will run until it is turned off.';
