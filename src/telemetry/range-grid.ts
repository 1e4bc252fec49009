import type { PromSeries } from './prometheus-api.js';

export interface SnapshotRange {
  start: Date;
  /** The snapshot's own moment, to the millisecond: its last point is Prometheus's answer right then. */
  end: Date;
  stepSeconds: number;
  /** Points on the grid, `start` and `end` included. */
  count: number;
}

/**
 * The range a snapshot asks for. The last step is `now` itself, not `now` rounded down: a second
 * earlier can be before a scrape that someone (or something) has already seen, so the snapshot would
 * read older than the moment it claims.
 */
export function snapshotRange(now: Date, windowMinutes: number, stepSeconds: number): SnapshotRange {
  const count = Math.max(1, Math.floor((windowMinutes * 60) / stepSeconds));
  return {
    start: new Date(now.getTime() - (count - 1) * stepSeconds * 1000),
    end: now,
    stepSeconds,
    count,
  };
}

/**
 * Points on the range's grid, oldest first, rounded to hundredths. Gaps inside the series repeat
 * the last value (the consumers expect one point a step), and the stretch before the first sample
 * is left out. A series with no value at the last step has no data now: it comes back empty, never
 * with an older value standing in for the present (a stale 0 % would read as healthy).
 */
export function onGrid(series: PromSeries, range: SnapshotRange): number[] {
  const startSeconds = range.start.getTime() / 1000;
  const slots: Array<number | undefined> = new Array(range.count).fill(undefined);
  for (const [at, value] of series.points) {
    const slot = Math.round((at - startSeconds) / range.stepSeconds);
    if (slot >= 0 && slot < range.count) slots[slot] = Math.round(value * 100) / 100;
  }
  if (slots[range.count - 1] === undefined) return [];
  const first = slots.findIndex((value) => value !== undefined);
  const out: number[] = [];
  let last: number | undefined;
  for (const value of slots.slice(first)) {
    last = value ?? last;
    if (last !== undefined) out.push(last);
  }
  return out;
}
