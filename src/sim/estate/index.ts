export {
  firstCrossing,
  listServices,
  type MetricStats,
  metricStats,
  recentEvents,
  searchLogs,
  sparkline,
} from '../../domain/telemetry-tools.js';
export {
  type ActionOptions,
  type ActionRequest,
  type ActionResult,
  applyAction,
  rollbackAction,
} from './actions.js';
export {
  type ActiveFault,
  activeFaults,
  EstateState,
  FaultRecord,
  hasActiveFault,
  InstanceState,
  initialEstate,
  injectFault,
  instanceName,
  isPerInstanceFault,
  JournalEntry,
  ServiceState,
} from './estate-state.js';
export { bfsDistances, upstreamDistances } from './graph.js';
export {
  type EstateHealth,
  estateHealth,
  FAULT_IMPACT,
  type HealthStatus,
  healthStatus,
  type ServiceHealth,
  serviceHealth,
} from './health.js';
export { EXTERNAL_UPSTREAM, ONSET_LEAD_MINUTES } from './signatures.js';
export { generateTelemetry, type TelemetryOptions } from './telemetry-generator.js';
