export const MINUTE_MS = 60_000;

/** ISO timestamp rounded to the second, as log shippers write them. */
export function isoSeconds(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString();
}
