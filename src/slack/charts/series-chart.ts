import { drawText, GLYPH_HEIGHT, textWidth } from './font.js';
import {
  type ChartForecast,
  type ChartLayout,
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

function shadeBand(canvas: Raster, layout: ChartLayout, series: readonly number[], forecast: ChartForecast) {
  const { plot, xOf, yOf } = layout;
  const nowIndex = series.length - 1;
  const last = series[nowIndex] ?? Number.NaN;
  // The band opens from the last observed point: zero width at "now".
  const lower = [last, ...forecast.lower];
  const upper = [last, ...forecast.upper];
  const stepWidth = xOf(nowIndex + 1) - xOf(nowIndex);
  for (let x = Math.round(xOf(nowIndex)); x <= Math.round(xOf(nowIndex + forecast.mean.length)); x += 1) {
    const stepsAhead = Math.max(0, (x - xOf(nowIndex)) / stepWidth);
    const low = at(lower, stepsAhead);
    const high = at(upper, stepsAhead);
    if (Number.isFinite(low) && Number.isFinite(high)) {
      canvas.fillColumn(x, yOf(low), yOf(high), CHART_COLOURS.band);
    }
  }
  canvas.line(xOf(nowIndex), plot.top, xOf(nowIndex), plot.bottom, CHART_COLOURS.now, { dash: [3, 3] });
}

function drawLines(canvas: Raster, layout: ChartLayout, options: SeriesChartOptions) {
  const { plot, xOf, yOf } = layout;
  const { series, forecast, threshold } = options;
  const nowIndex = series.length - 1;
  if (threshold !== undefined && Number.isFinite(threshold)) {
    const y = yOf(threshold);
    canvas.line(plot.left, y, plot.right, y, CHART_COLOURS.threshold, { width: LINE_WIDTH });
  }
  for (const run of runs(series, (value, index) => [xOf(index), yOf(value)])) {
    // A lone point has no segment to draw: mark it.
    const [x = 0, y = 0] = run.length === 1 ? (run[0] ?? []) : [];
    if (run.length === 1) canvas.fillRect(x - 1, y - 1, 3, 3, CHART_COLOURS.series);
    canvas.polyline(run, CHART_COLOURS.series, { width: LINE_WIDTH });
  }
  if (forecast && nowIndex >= 0) {
    const path = [series[nowIndex] ?? Number.NaN, ...forecast.mean];
    for (const run of runs(path, (value, index) => [xOf(nowIndex + index), yOf(value)])) {
      canvas.polyline(run, CHART_COLOURS.forecast, { width: LINE_WIDTH, dash: FORECAST_DASH });
    }
  }
}

function drawAxes(canvas: Raster, layout: ChartLayout, options: SeriesChartOptions) {
  const { plot, yOf } = layout;
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
    const width = textWidth(label, LABEL_SCALE);
    const left = Math.min(layout.width - width - 2, Math.max(0, x - width / 2));
    drawText(canvas, label, Math.round(left), plot.bottom + 8, CHART_COLOURS.text, LABEL_SCALE);
  }
  const { threshold } = options;
  if (threshold !== undefined && Number.isFinite(threshold)) {
    const label = `LIMIT ${formatTick(threshold)}`;
    const y = Math.max(plot.top + 2, Math.round(yOf(threshold)) - labelHeight - 4);
    drawText(canvas, label, plot.right - textWidth(label) - 2, y, CHART_COLOURS.threshold);
  }
  if (options.title) drawText(canvas, options.title, plot.left, 10, CHART_COLOURS.text, TITLE_SCALE);
}

/**
 * A PNG line chart of a series: axes with labels, the series, the threshold, and the forecast
 * dashed with its error band shaded. Pure JS: a raster of our own and node:zlib.
 */
export function renderSeriesChart(options: SeriesChartOptions): Buffer {
  const layout = layoutChart(options);
  const canvas = new Raster(layout.width, layout.height, CHART_COLOURS.background);
  const { plot, yOf } = layout;
  for (const tick of layout.yTicks)
    canvas.line(plot.left, yOf(tick), plot.right, yOf(tick), CHART_COLOURS.grid);
  canvas.clipTo(plot);
  if (options.forecast && options.forecast.mean.length > 0 && options.series.length > 0) {
    shadeBand(canvas, layout, options.series, options.forecast);
  }
  drawLines(canvas, layout, options);
  canvas.clipTo();
  drawAxes(canvas, layout, options);
  return encodePng(layout.width, layout.height, canvas.pixels);
}
