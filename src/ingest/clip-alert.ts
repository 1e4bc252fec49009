import { type Alert, FINGERPRINT_MAX_CHARS, ISSUE_MAX_CHARS, SYSTEM_MAX_CHARS } from './alert.js';
import { stableFingerprint } from './fingerprint.js';
import { clipText } from './linear-text.js';

/** Labels that keep a clipped field's full value. */
export const ORIGINAL_LABELS = {
  system: 'original_system',
  issue: 'original_issue',
  fingerprint: 'original_fingerprint',
} as const;

/**
 * Fits an alert to what a ticket can hold: system and issue cut with an ellipsis, an over-long
 * fingerprint replaced by its hash (cutting could merge two series). Each original is kept in the
 * alert's labels, so nothing the sender said is lost.
 */
export function clipAlert(alert: Alert): Alert {
  const originals: Array<[string, string]> = [];
  const keep = (field: keyof typeof ORIGINAL_LABELS, value: string, clipped: string) => {
    if (clipped !== value) originals.push([ORIGINAL_LABELS[field], value]);
    return clipped;
  };
  const system = keep('system', alert.system, clipText(alert.system, SYSTEM_MAX_CHARS));
  const issue = keep('issue', alert.issue, clipText(alert.issue, ISSUE_MAX_CHARS));
  const fingerprint = keep(
    'fingerprint',
    alert.fingerprint,
    alert.fingerprint.length > FINGERPRINT_MAX_CHARS
      ? stableFingerprint(alert.source, ['fingerprint', alert.fingerprint])
      : alert.fingerprint,
  );
  if (originals.length === 0) return alert;
  return {
    ...alert,
    system,
    issue,
    fingerprint,
    labels: { ...alert.labels, ...Object.fromEntries(originals) },
  };
}
