/**
 * Hand-written scanners for the text edits the normalizers make. Webhook fields are attacker-sized
 * (up to the 1 MiB body), and a backtracking regex such as `/\s*%%%\s*$/` or `/-?\d+$/` tries every
 * start position: quadratic on a long run of spaces or digits, seconds of blocked event loop. Each
 * function here reads its input a bounded number of times.
 */

/** The whitespace `\s` and `String#trim` agree on. */
function isWhitespace(text: string, index: number): boolean {
  const char = text.charAt(index);
  return char !== '' && char.trim() === '';
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `api-2` → `api`, `db01` → `db`: trailing digits and one hyphen before them removed. */
export function withoutTrailingOrdinal(text: string): string {
  let end = text.length;
  while (end > 0 && isAsciiDigit(text.charCodeAt(end - 1))) end -= 1;
  if (end === text.length) return text;
  if (end > 0 && text.charAt(end - 1) === '-') end -= 1;
  return text.slice(0, end);
}

/** `"[P2] [Triggered] Disk full"` → `"Disk full"`; the whole title when nothing else is left. */
export function withoutBracketPrefixes(title: string): string {
  let index = 0;
  let restStart = 0;
  for (;;) {
    while (isWhitespace(title, index)) index += 1;
    if (title.charAt(index) !== '[') break;
    const close = title.indexOf(']', index + 1);
    if (close < 0) break;
    index = close + 1;
    restStart = index;
  }
  return title.slice(restStart).trim() || title.trim();
}

const FENCE = '%%%';

/** Datadog wraps markdown bodies in `%%%` fences; the text inside, trimmed. */
export function withoutMarkdownFences(text: string): string {
  let inner = text.trim();
  if (inner.startsWith(FENCE)) inner = inner.slice(FENCE.length).trimStart();
  if (inner.endsWith(FENCE)) inner = inner.slice(0, -FENCE.length).trimEnd();
  return inner;
}

/** At most `maxChars` UTF-16 units, ending in `…` when cut, never splitting a surrogate pair. */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = text.slice(0, maxChars - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}
