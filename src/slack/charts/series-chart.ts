import { drawText, GLYPH_HEIGHT, textWidth } from './font.js';
import {
  formatMinutes,
  formatTick,
  LABEL_SCALE,
  layoutChart,
  type SeriesChartOptions,
  TITLE_SCALE,
} from './layout.js';
import { encodePng } from './png.js';
import { Raster, rgb } from './raster.js';

export const CHART_COLOURS = {
  background: rgb('#ffffff'),
  grid: rgb('#eaeef2'),
  axis: rgb('#57606a'),
  text: rgb('#24292f'),
  series: rgb('#0969da'),
  threshold: rgb('#cf222e'),
  forecast: rgb('#bc4c00'),
  band: rgb('#fb8f44', 64),
  now: rgb('#8c959f'),
} as const;

const LINE_WIDTH = 2;
const FORECAST_DASH: readonly [number, number] = [7, 5];

type Point = readonly [number, number];

/** Consecutive finite points as runs, so a gap in the data breaks the line instead of bridging it. */
function runs(values: readonly number[], toPoint: (value: number, index: number) => Point): Point[][] {
  const out: Point[][] = [[]];
  for (const [index, value] of values.entries()) {
    if (Number.isFinite(value)) out[out.length - 1]?.push(toPoint(value, index));
    else if ((out[out.length - 1]?.length ?? 0) > 0) out.push([]);
  }
  return out.filter((run) => run.length > 0);
}

/** Linear interpolation of a per-index array at a fractional index. */
function at(values: readonly number[], index: number): number {
  const below = Math.floor(index);
  const from = values[below] ?? Number.NaN;
  const to = values[below + 1] ?? from;
  return from + (to - from) * (index - below);
}

/**
 * A PNG line chart of a series: axes with labels, the series, the threshold, and the forecast
 * dashed with its error band shaded. Pure JS: a raster of our own and node:zlib.
 */
export function renderSeriesChart(options: SeriesChartOptions): Buffer {
  const layout = layoutChart(options);
  const { plot, xOf, yOf } = layout;
  const canvas = new Raster(layout.width, layout.height, CHART_COLOURS.background);

  for (const tick of layout.yTicks)
    canvas.line(plot.left, yOf(tick), plot.right, yOf(tick), CHART_COLOURS.grid);
  canvas.clipTo(plot);

  const nowIndex = options.series.length - 1;
  const { forecast, threshold } = options;
  if (forecast && forecast.mean.length > 0 && nowIndex >= 0) {
    const last = options.series[nowIndex] ?? Number.NaN;
    // The band opens from the last observed point: zero width at "now".
    const lower = [last, ...forecast.lower];
    const upper = [last, ...forecast.upper];
    const fromX = Math.round(xOf(nowIndex));
    const toX = Math.round(xOf(nowIndex + forecast.mean.length));
    for (let x = fromX; x <= toX; x += 1) {
      const index = (x - xOf(nowIndex)) / (xOf(nowIndex + 1) - xOf(nowIndex));
      const low = at(lower, Math.max(0, index));
      const high = at(upper, Math.max(0, index));
      if (Number.isFinite(low) && Number.isFinite(high))
        canvas.fillColumn(x, yOf(low), yOf(high), CHART_COLOURS.band);
    }
    canvas.line(xOf(nowIndex), plot.top, xOf(nowIndex), plot.bottom, CHART_COLOURS.now, { dash: [3, 3] });
  }
  if (threshold !== undefined && Number.isFinite(threshold)) {
    canvas.line(plot.left, yOf(threshold), plot.right, yOf(threshold), CHART_COLOURS.threshold, {
      width: LINE_WIDTH,
    });
  }
  for (const run of runs(options.series, (value, index) => [xOf(index), yOf(value)])) {
    if (run.length === 1)
      canvas.fillRect((run[0]?.[0] ?? 0) - 1, (run[0]?.[1] ?? 0) - 1, 3, 3, CHART_COLOURS.series);
    canvas.polyline(run, CHART_COLOURS.series, { width: LINE_WIDTH });
  }
  if (forecast && nowIndex >= 0) {
    const path = [options.series[nowIndex] ?? Number.NaN, ...forecast.mean];
    for (const run of runs(path, (value, index) => [xOf(nowIndex + index), yOf(value)])) {
      canvas.polyline(run, CHART_COLOURS.forecast, { width: LINE_WIDTH, dash: FORECAST_DASH });
    }
  }
  canvas.clipTo();

  canvas.line(plot.left, plot.top, plot.left, plot.bottom, CHART_COLOURS.axis);
  canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, CHART_COLOURS.axis);
  const labelHeight = GLYPH_HEIGHT * LABEL_SCALE;
  for (const tick of layout.yTicks) {
    const label = formatTick(tick);
    const x = plot.left - 6 - textWidth(label, LABEL_SCALE);
    drawText(canvas, label, x, Math.round(yOf(tick) - labelHeight / 2), CHART_COLOURS.text, LABEL_SCALE);
  }
  for (const { minutes, x } of layout.xTicks) {
    canvas.line(x, plot.bottom, x, plot.bottom + 3, CHART_COLOURS.axis);
    const label = formatMinutes(minutes);
    const left = Math.min(layout.width - textWidth(label) - 2, Math.max(0, x - textWidth(label) / 2));
    drawText(canvas, label, Math.round(left), plot.bottom + 8, CHART_COLOURS.text, LABEL_SCALE);
  }
  if (threshold !== undefined && Number.isFinite(threshold)) {
    const label = `LIMIT ${formatTick(threshold)}`;
    const y = Math.round(yOf(threshold)) - labelHeight - 4;
    drawText(
      canvas,
      label,
      plot.right - textWidth(label) - 2,
      Math.max(plot.top + 2, y),
      CHART_COLOURS.threshold,
    );
  }
  if (options.title) drawText(canvas, options.title, plot.left, 10, CHART_COLOURS.text, TITLE_SCALE);
  return encodePng(layout.width, layout.height, canvas.pixels);
}
