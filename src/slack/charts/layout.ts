import type { Clip } from './raster.js';

export interface ChartForecast {
  mean: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
}

export interface SeriesChartOptions {
  title?: string;
  /** Observed points, oldest first, `stepMinutes` apart; the last one is "now". */
  series: readonly number[];
  stepMinutes: number;
  threshold?: number;
  /** Points after "now", one a step. */
  forecast?: ChartForecast;
  width?: number;
  height?: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  /** The plotting area, inclusive pixel bounds. */
  plot: Clip;
  /** Index of the point (0 = first observed; observed.length - 1 = now; beyond: forecast). */
  xOf: (index: number) => number;
  yOf: (value: number) => number;
  yTicks: number[];
  /** Minutes relative to now (negative: past) with their x. */
  xTicks: Array<{ minutes: number; x: number }>;
}

export const TITLE_SCALE = 2;
export const LABEL_SCALE = 1;
const MARGIN = { left: 56, right: 16, top: 12, bottom: 24 };
const TITLE_BAND = 24;

/** 1, 2 or 5 times a power of ten, the first at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const multiple = [1, 2, 5, 10].find((candidate) => candidate * power >= rough - 1e-12) ?? 10;
  return multiple * power;
}

/** Whole minutes between x-axis labels, so there are about six. */
function minuteStep(totalMinutes: number): number {
  return [1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440].find((step) => totalMinutes / step <= 6) ?? 1440;
}

function valueRange(options: SeriesChartOptions): { low: number; high: number } {
  const values = [...options.series, ...(options.forecast?.mean ?? [])];
  if (options.threshold !== undefined) values.push(options.threshold);
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { low: 0, high: 1 };
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (high === low) {
    const pad = Math.abs(high) * 0.1 || 1;
    low -= pad;
    high += pad;
  }
  const pad = (high - low) * 0.08;
  return { low: low - pad, high: high + pad };
}

export function layoutChart(options: SeriesChartOptions): ChartLayout {
  const width = options.width ?? 640;
  const height = options.height ?? 280;
  const top = MARGIN.top + (options.title ? TITLE_BAND : 0);
  const plot = {
    left: MARGIN.left,
    top,
    right: width - 1 - MARGIN.right,
    bottom: height - 1 - MARGIN.bottom,
  };
  const observed = options.series.length;
  const ahead = options.forecast?.mean.length ?? 0;
  const span = Math.max(1, observed - 1 + ahead);
  const xOf = (index: number) => plot.left + (index / span) * (plot.right - plot.left);

  const range = valueRange(options);
  const step = niceStep((range.high - range.low) / 4);
  const low = Math.floor(range.low / step) * step;
  const high = Math.ceil(range.high / step) * step;
  const yOf = (value: number) => plot.bottom - ((value - low) / (high - low)) * (plot.bottom - plot.top);
  const yTicks: number[] = [];
  for (let tick = low; tick <= high + step / 2; tick += step) yTicks.push(Number(tick.toPrecision(12)));

  const nowIndex = Math.max(0, observed - 1);
  const firstMinute = -nowIndex * options.stepMinutes;
  const lastMinute = ahead * options.stepMinutes;
  const every = minuteStep(lastMinute - firstMinute);
  const xTicks: Array<{ minutes: number; x: number }> = [];
  for (let minutes = Math.ceil(firstMinute / every) * every; minutes <= lastMinute; minutes += every) {
    xTicks.push({ minutes, x: xOf(nowIndex + minutes / options.stepMinutes) });
  }
  return { width, height, plot, xOf, yOf, yTicks, xTicks };
}

/** Short labels for the axis: 12, 0.5, 2.5K, 1.2M. */
export function formatTick(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (size >= 1e4) return `${Number((value / 1e3).toPrecision(3))}K`;
  return String(Number(value.toPrecision(4)));
}

export function formatMinutes(minutes: number): string {
  if (minutes === 0) return 'NOW';
  return `${minutes > 0 ? '+' : '-'}${Math.abs(minutes)}m`;
}
