export { type Crossing, type CrossingDirection, type CrossingOptions, predictCrossing } from './crossing.js';
export { type Forecast, fitHolt, forecast, type HoltModel } from './holt.js';
export {
  type PredictedTrouble,
  type PredictOptions,
  predictTrouble,
  TROUBLE_THRESHOLDS,
  type TroubleThreshold,
} from './predictions.js';
