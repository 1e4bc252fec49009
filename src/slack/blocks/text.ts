/** Text helpers for Block Kit. Lengths count UTF-16 code units, as Slack does. */

const ELLIPSIS = '…';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Cuts `text` to at most `max` units, ending in `…` when cut; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const ANSI_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
// C0 controls but tab and newline, DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const INVISIBLE_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Removes what a person reading Slack cannot see but can be fooled by: NUL and other control
 * characters, terminal escape sequences, and bidi controls that reorder text (a right-to-left
 * override makes `exe.txt` read `txt.exe`). Tabs, newlines and emoji joiners stay.
 */
export function stripControlCharacters(text: string): string {
  return text.replace(ANSI_ESCAPE, '').replace(INVISIBLE_CONTROLS, '');
}

/** Slack's mrkdwn treats only these three as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Escapes, then truncates without leaving half an entity (`&am…`) behind. */
export function escapeAndTruncate(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  const cut = truncate(escaped, max);
  return cut.replace(/&[a-z]{0,3}…$/, ELLIPSIS);
}

/** One line: newlines and runs of whitespace collapse to a space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** "850 ms", "4.2 s", "3 m 05 s", "2 h 10 m". */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (Math.round(safe) < SECOND) return `${Math.round(safe)} ms`;
  const tenths = Math.round(safe / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(safe / SECOND);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} m ${pad2(seconds % 60)} s`;
  const minutes = Math.round(safe / MINUTE);
  return `${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} m`;
}

function toMillis(value: string | Date): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}

/** Milliseconds from `from` to `to`; undefined when either date is unreadable. */
export function elapsedMs(from: string | Date, to: string | Date): number | undefined {
  const elapsed = toMillis(to) - toMillis(from);
  return Number.isNaN(elapsed) ? undefined : elapsed;
}

/** "just now", "45 s ago", "12 m ago", "2 h 10 m ago", "3 d 4 h ago". */
export function relativeAge(from: string | Date, now: string | Date): string {
  const elapsed = elapsedMs(from, now);
  if (elapsed === undefined) return 'at an unknown time';
  if (elapsed < 10 * SECOND) return 'just now';
  if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)} s ago`;
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} m ago`;
  const hours = Math.floor(elapsed / HOUR);
  if (hours < 24) return `${hours} h ${pad2(Math.floor((elapsed % HOUR) / MINUTE))} m ago`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h ago`;
}

/**
 * Slack's date token renders in each reader's time zone; the fallback shows when the client can't.
 * Falls back to the raw string when it is not a date.
 */
export function slackDate(iso: string, format = '{date_short_pretty} {time}'): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return escapeAndTruncate(iso, 64);
  const fallback = new Date(millis).toISOString().replace('T', ' ').slice(0, 16);
  return `<!date^${Math.floor(millis / 1000)}^${format}|${fallback} UTC>`;
}

/** `<@U123>` for user ids, `<!subteam^S1>` for user groups, the escaped name otherwise. */
export function mention(who: string): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(who)) return `<@${who}>`;
  if (/^S[A-Z0-9]{2,}$/.test(who)) return `<!subteam^${who}>`;
  return escapeAndTruncate(who, 80);
}

/** A bold label linking to a thread, or the bold label alone when the link is not a plain web address. */
export function threadLink(url: string | undefined, label: string): string {
  const safeLabel = escapeAndTruncate(oneLine(label), 40);
  if (!url || !/^https?:\/\/[^\s|<>]+$/.test(url) || url.length > 2000) return `*${safeLabel}*`;
  return `*<${url}|${safeLabel}>*`;
}
