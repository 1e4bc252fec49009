import type { z } from 'zod';

export type Fetched<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface JsonRequest {
  fetchImpl: typeof fetch;
  url: URL;
  /** Shared by all requests of one snapshot, so the snapshot as a whole keeps to its budget. */
  signal: AbortSignal;
  timeoutMs: number;
}

function transportProblem(error: unknown, request: JsonRequest): string {
  if (request.signal.aborted) return `timed out after ${request.timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `unreachable (${cause.code})`;
  return `request failed (${error instanceof Error ? error.message : String(error)})`;
}

/** What the backend said went wrong: Prometheus and Loki put it in `error`, or send plain text. */
function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; errorType?: unknown };
    if (typeof parsed.error === 'string') {
      return typeof parsed.errorType === 'string' ? `${parsed.errorType}: ${parsed.error}` : parsed.error;
    }
  } catch {
    // Not JSON: fall through to the text itself.
  }
  return body.trim().replace(/\s+/g, ' ');
}

function clip(text: string, length = 160): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** GETs JSON and validates it; every failure comes back as a short problem, never as a throw. */
export async function fetchJson<S extends z.ZodType>(
  request: JsonRequest,
  schema: S,
): Promise<Fetched<z.infer<S>>> {
  let response: Response;
  let body: string;
  try {
    response = await request.fetchImpl(request.url, {
      headers: { accept: 'application/json' },
      signal: request.signal,
    });
    body = await response.text();
  } catch (error) {
    return { ok: false, problem: transportProblem(error, request) };
  }
  if (!response.ok) {
    const detail = errorDetail(body);
    return { ok: false, problem: clip(`HTTP ${response.status}${detail ? ` (${detail})` : ''}`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'answer was not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'answer had an unexpected shape' };
  return { ok: true, value: parsed.data };
}

/** Runs `task` over the items, at most `limit` at a time, results in input order. */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** `path` under `base`, keeping any path prefix of the base (a Prometheus behind /prometheus/). */
export function apiUrl(base: string, path: string, params: Record<string, string>): URL {
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url;
}
