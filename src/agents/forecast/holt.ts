/**
 * Holt's linear method (double exponential smoothing): a level and a trend, each smoothed, with
 * α and β fitted on the series itself by a deterministic grid search over one-step-ahead errors.
 */

export interface HoltModel {
  alpha: number;
  beta: number;
  /** Smoothed value at the last point. */
  level: number;
  /** Smoothed change per step at the last point. */
  trend: number;
  /** Standard deviation of the one-step-ahead errors of the fitted model. */
  residualStd: number;
  /** The trend state after each point, oldest first (for checks on how steady the trend was). */
  trends: readonly number[];
}

export interface Forecast {
  mean: number[];
  lower: number[];
  upper: number[];
}

/** 0.05, 0.10 … 0.95, built from integers so every run sees the same floats. */
export const SMOOTHING_GRID: readonly number[] = Array.from({ length: 19 }, (_, index) => (index + 1) / 20);

/** Fewer points than this and a trend is a guess. */
export const MIN_POINTS = 5;

/** Points the starting line is fitted on. */
const INITIAL_FIT_POINTS = 8;

/** z of a two-sided 90% band: wide enough to mean something, narrow enough to be useful. */
const BAND_Z = 1.645;

interface Pass {
  level: number;
  trend: number;
  squaredError: number;
  errors: number;
  trends: number[];
}

/**
 * Starting level and trend from a least-squares line through the first points: one noisy first
 * difference as the starting trend would take a small β the whole window to forget.
 */
function initialState(series: readonly number[]): { level: number; trend: number } {
  const head = series.slice(0, Math.max(2, Math.min(series.length, INITIAL_FIT_POINTS)));
  const meanX = (head.length - 1) / 2;
  const meanY = head.reduce((sum, value) => sum + value, 0) / head.length;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of head.entries()) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  const trend = variance === 0 ? 0 : covariance / variance;
  // The state one step before the first point, so the first prediction is the line's start.
  return { level: meanY - trend * (meanX + 1), trend };
}

function smooth(series: readonly number[], alpha: number, beta: number): Pass {
  let { level, trend } = initialState(series);
  let squaredError = 0;
  const trends: number[] = [];
  for (const value of series) {
    const predicted = level + trend;
    squaredError += (value - predicted) ** 2;
    const previousLevel = level;
    level = alpha * value + (1 - alpha) * predicted;
    trend = beta * (level - previousLevel) + (1 - beta) * trend;
    trends.push(trend);
  }
  return { level, trend, squaredError, errors: series.length, trends };
}

/** Fits α and β by least one-step-ahead squared error; ties keep the smaller (smoother) pair. */
export function fitHolt(series: readonly number[]): HoltModel {
  if (series.length === 0) throw new RangeError('fitHolt needs at least one point');
  let best: { alpha: number; beta: number; pass: Pass } | undefined;
  for (const alpha of SMOOTHING_GRID) {
    for (const beta of SMOOTHING_GRID) {
      const pass = smooth(series, alpha, beta);
      if (best === undefined || pass.squaredError < best.pass.squaredError - 1e-12) {
        best = { alpha, beta, pass };
      }
    }
  }
  const { alpha, beta, pass } = best as NonNullable<typeof best>;
  return {
    alpha,
    beta,
    level: pass.level,
    trend: pass.trend,
    residualStd: Math.sqrt(pass.squaredError / pass.errors),
    trends: pass.trends,
  };
}

/**
 * `steps` points ahead. The band widens with the horizon the way Holt's errors accumulate:
 * var(h) = σ² · (1 + Σ_{j=1}^{h-1} (α + αβj)²).
 */
export function forecast(model: HoltModel, steps: number): Forecast {
  const mean: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let accumulated = 1;
  for (let horizon = 1; horizon <= steps; horizon += 1) {
    if (horizon > 1) accumulated += (model.alpha + model.alpha * model.beta * (horizon - 1)) ** 2;
    const centre = model.level + horizon * model.trend;
    const half = BAND_Z * model.residualStd * Math.sqrt(accumulated);
    mean.push(centre);
    lower.push(centre - half);
    upper.push(centre + half);
  }
  return { mean, lower, upper };
}
