/**
 * Freeze windows: ISO 8601 intervals (`2026-12-24T00:00Z/2026-12-27T00:00Z`) during which no
 * rollout starts. `FREEZE_WINDOWS` holds a comma-separated list; a catalog service may carry its own
 * (`freeze:`). Pure.
 */
export interface FreezeWindow {
  /** As written, for messages. */
  text: string;
  startMs: number;
  endMs: number;
}

/** `2026-12-24T00:00Z`: minutes are enough; seconds and an offset other than Z are allowed too. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function instantMs(text: string): number | undefined {
  if (!INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export type FreezeParse = { ok: true; windows: FreezeWindow[] } | { ok: false; problems: string[] };

/** One interval `start/end`: both instants with a zone, the end after the start. */
export function parseFreezeWindow(
  text: string,
): { ok: true; window: FreezeWindow } | { ok: false; problem: string } {
  const trimmed = text.trim();
  const [start, end, ...rest] = trimmed.split('/');
  const example = 'write it as start/end in ISO 8601 with a zone, e.g. 2026-12-24T00:00Z/2026-12-27T00:00Z';
  if (start === undefined || end === undefined || rest.length > 0)
    return { ok: false, problem: `"${trimmed}" is not an interval: ${example}` };
  const startMs = instantMs(start);
  const endMs = instantMs(end);
  if (startMs === undefined || endMs === undefined)
    return { ok: false, problem: `"${trimmed}" has a start or end that is no instant: ${example}` };
  if (endMs <= startMs) return { ok: false, problem: `"${trimmed}" ends before it starts` };
  return { ok: true, window: { text: trimmed, startMs, endMs } };
}

/** A comma-separated list (empty: none); every bad entry is named. */
export function parseFreezeWindows(text: string | readonly string[]): FreezeParse {
  const entries = (typeof text === 'string' ? text.split(',') : [...text])
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const windows: FreezeWindow[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const parsed = parseFreezeWindow(entry);
    if (parsed.ok) windows.push(parsed.window);
    else problems.push(parsed.problem);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, windows };
}

/** The window `now` falls in (start inclusive, end exclusive), if any. */
export function activeFreeze(windows: readonly FreezeWindow[], now: Date): FreezeWindow | undefined {
  const at = now.getTime();
  return windows.find((window) => at >= window.startMs && at < window.endMs);
}
