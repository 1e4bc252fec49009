import { describe, expect, it } from 'vitest';
import { onGrid, snapshotRange } from '../../../src/telemetry/range-grid.js';

const NOW = new Date('2026-12-06T10:25:20.611Z');
const range = snapshotRange(NOW, 30, 60);

/** onGrid over a series given as [step index, value] pairs (index 29 is the snapshot's moment). */
function grid(...points: Array<[number, number]>): number[] {
  const startSeconds = range.start.getTime() / 1000;
  return onGrid(
    { labels: {}, points: points.map(([step, value]) => [startSeconds + step * 60, value]) },
    range,
  );
}

describe('snapshotRange', () => {
  it('ends at the snapshot moment itself, to the millisecond, with one step a minute over the window', () => {
    expect(range.end).toEqual(NOW);
    expect(range.count).toBe(30);
    expect(range.end.getTime() - range.start.getTime()).toBe(29 * 60_000);
  });

  it('keeps one point when the step is longer than the window', () => {
    const one = snapshotRange(NOW, 1, 120);
    expect(one.count).toBe(1);
    expect(one.start).toEqual(NOW);
  });
});

describe('onGrid', () => {
  it('places points on the grid, rounded to hundredths, leaving out the stretch before the first one', () => {
    expect(grid([27, 0], [28, 12.3456], [29, 30.014])).toEqual([0, 12.35, 30.01]);
  });

  it('repeats the last value over a gap inside the window', () => {
    expect(grid([26, 1], [28, 3], [29, 4])).toEqual([1, 1, 3, 4]);
  });

  it('has no data now when the last step has none: an older 0 never stands in for the present', () => {
    // Prometheus answered 0 a minute ago and nothing (no series, or a NaN it dropped) at the snapshot's moment.
    expect(grid([27, 0], [28, 0])).toEqual([]);
    // Positive control: the same history with a value at the last step is kept whole.
    expect(grid([27, 0], [28, 0], [29, 45])).toEqual([0, 0, 45]);
  });

  it('ignores points off the window and answers nothing for an empty series', () => {
    expect(grid([-1, 9], [29, 2], [30, 9])).toEqual([2]);
    expect(grid()).toEqual([]);
  });
});
