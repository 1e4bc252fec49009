import { z } from 'zod';
import type { Severity } from './severity.js';
import { cleanSystemName } from './system-name.js';

/** The longest silence: a week. Longer is a broken alert that wants fixing, not muting. */
export const MAX_SILENCE_SECONDS = 7 * 24 * 3600;

/** `/incident silence <service|alertname> <duration> [reason]`, as stored. */
export const Silence = z.object({
  id: z.string().regex(/^SIL-[0-9]{4,}$/),
  /** A service name (cleaned) or an alert name, as typed. */
  target: z.string().min(1).max(200),
  by: z.string(),
  reason: z.string().max(500).optional(),
  createdAt: z.iso.datetime(),
  until: z.iso.datetime(),
});
export type Silence = z.infer<typeof Silence>;

/** What the card of an incident opened during a silence says about it. */
export const SilenceNote = Silence.pick({ id: true, target: true, until: true, reason: true });
export type SilenceNote = z.infer<typeof SilenceNote>;

/** What a silence is matched against: an alert's service, its name, and its severity. */
export interface SilenceSubject {
  system: string;
  issue: string;
  labels: Readonly<Record<string, string>>;
  severity: Severity;
}

/** The outcome for one alert that would open an incident: open as usual, hold it, or open a card marked silenced. */
export type SilenceVerdict =
  | { kind: 'open' }
  | { kind: 'hold'; silence: Silence }
  | { kind: 'open-silenced'; silence: Silence };

/** `30m`, `2h`, `1d`, `90s` → seconds; undefined when unreadable, zero or over a week. */
export function parseSilenceDuration(text: string): number | undefined {
  const match = /^(\d{1,6})([smhd])$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 && seconds <= MAX_SILENCE_SECONDS ? seconds : undefined;
}

export function isActive(silence: Silence, now: Date): boolean {
  return Date.parse(silence.until) > now.getTime();
}

function matches(silence: Silence, subject: SilenceSubject): boolean {
  const target = silence.target.toLowerCase();
  const alertName = subject.labels.alertname ?? subject.issue;
  return (
    cleanSystemName(silence.target) === cleanSystemName(subject.system) ||
    alertName.toLowerCase() === target ||
    subject.issue.toLowerCase() === target
  );
}

/**
 * Whether an alert that would open an incident is silenced: held (recorded, no incident) while an
 * active silence matches its service or alert name, except a sev1, which still opens a card marked
 * silenced. Pure: the caller reads the silences and the clock.
 */
export function silenceVerdict(
  subject: SilenceSubject,
  silences: readonly Silence[],
  now: Date,
): SilenceVerdict {
  const silence = silences.find((candidate) => isActive(candidate, now) && matches(candidate, subject));
  if (!silence) return { kind: 'open' };
  return subject.severity === 'sev1' ? { kind: 'open-silenced', silence } : { kind: 'hold', silence };
}

/** `SIL-0001`, `sil-1` → `SIL-0001`; anything else undefined. */
export function parseSilenceId(text: string): string | undefined {
  const match = /^sil-0*(\d{1,9})$/i.exec(text.trim());
  return match ? `SIL-${(match[1] ?? '0').padStart(4, '0')}` : undefined;
}

/**
 * The active silences `/incident unsilence <id|service|alertname>` ends: the one with that id, or
 * every one set on that service or alert name (as `/incident silence` was given it).
 */
export function silencesToEnd(silences: readonly Silence[], text: string, now: Date): Silence[] {
  const active = silences.filter((silence) => isActive(silence, now));
  const id = parseSilenceId(text);
  if (id) return active.filter((silence) => silence.id === id);
  const wanted = text.trim().toLowerCase();
  return active.filter(
    (silence) =>
      silence.target.toLowerCase() === wanted || cleanSystemName(silence.target) === cleanSystemName(text),
  );
}

export function silenceNote(silence: Silence): SilenceNote {
  return {
    id: silence.id,
    target: silence.target,
    until: silence.until,
    ...(silence.reason ? { reason: silence.reason } : {}),
  };
}
