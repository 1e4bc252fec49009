import { type Forecast, fitHolt, forecast, type HoltModel, MIN_POINTS } from './holt.js';

export type CrossingDirection = 'above' | 'below';

export interface CrossingOptions {
  /** Minutes between two points of the series. */
  stepMinutes: number;
  horizonMinutes: number;
  direction: CrossingDirection;
}

export interface Crossing {
  /** When the forecast's mean reaches the threshold, in minutes from the last point. */
  crossesInMinutes: number;
  band: {
    /** When the pessimistic edge of the band reaches it. */
    earliest: number;
    /** When the optimistic edge does; null when it never does within three horizons. */
    latest: number | null;
  };
  model: HoltModel;
  /** The forecast over the horizon, one point a step, for charts. */
  forecast: Forecast;
}

/** How far the band's optimistic edge is followed looking for `latest`, in horizons. */
const LATEST_SEARCH_HORIZONS = 3;

function reached(value: number, threshold: number, direction: CrossingDirection): boolean {
  return direction === 'above' ? value >= threshold : value <= threshold;
}

/** Steps (fractional) until `path` (values at steps 1, 2 …, starting from `start` at 0) reaches the threshold. */
function stepsUntil(
  start: number,
  path: readonly number[],
  threshold: number,
  direction: CrossingDirection,
): number | null {
  let previous = start;
  for (const [index, value] of path.entries()) {
    if (reached(value, threshold, direction)) {
      const fraction = value === previous ? 1 : (threshold - previous) / (value - previous);
      return index + Math.min(1, Math.max(0, fraction));
    }
    previous = value;
  }
  return null;
}

/**
 * A trend worth extrapolating pointed the same way over the last third of the window. A cycle
 * (daily traffic, a cron's sawtooth) turns its trend around within that span, so it is not
 * projected through the threshold; a real climb keeps its sign.
 */
function isSteady(model: HoltModel, direction: CrossingDirection): boolean {
  const span = Math.max(MIN_POINTS, Math.ceil(model.trends.length / 3));
  const recent = model.trends.slice(-span);
  return recent.every((trend) => (direction === 'above' ? trend > 0 : trend < 0));
}

/**
 * When a series will cross a threshold, from Holt's forecast, or undefined when it will not within
 * the horizon, is too short to say, or is already past it (that is the health monitor's business).
 */
export function predictCrossing(
  series: readonly number[],
  threshold: number,
  options: CrossingOptions,
): Crossing | undefined {
  const { stepMinutes, horizonMinutes, direction } = options;
  const latestValue = series[series.length - 1];
  if (series.length < MIN_POINTS || latestValue === undefined) return undefined;
  if (reached(latestValue, threshold, direction)) return undefined;
  const model = fitHolt(series);
  if (!isSteady(model, direction)) return undefined;

  const horizonSteps = Math.max(1, Math.floor(horizonMinutes / stepMinutes));
  const meanSteps = Math.max(0, (threshold - model.level) / model.trend);
  if (meanSteps > horizonSteps) return undefined;

  const extended = forecast(model, horizonSteps * LATEST_SEARCH_HORIZONS);
  const pessimistic = direction === 'above' ? extended.upper : extended.lower;
  const optimistic = direction === 'above' ? extended.lower : extended.upper;
  const earliestSteps = stepsUntil(model.level, pessimistic, threshold, direction) ?? meanSteps;
  const latestSteps = stepsUntil(model.level, optimistic, threshold, direction);
  return {
    crossesInMinutes: meanSteps * stepMinutes,
    band: {
      earliest: Math.min(earliestSteps, meanSteps) * stepMinutes,
      latest: latestSteps === null ? null : Math.max(latestSteps, meanSteps) * stepMinutes,
    },
    model,
    forecast: {
      mean: extended.mean.slice(0, horizonSteps),
      lower: extended.lower.slice(0, horizonSteps),
      upper: extended.upper.slice(0, horizonSteps),
    },
  };
}
