/** The team's service catalog: parsed and checked from YAML, then queried. Pure. */
export type { CatalogOutcome } from './assemble-catalog.js';
export {
  type Catalog,
  type CatalogPromqlMapping,
  type CatalogService,
  createCatalog,
  type PromqlQueries,
  type ServiceTelemetryQueries,
} from './catalog.js';
export { connectedComponents, type DependencyGraph, findCycles } from './dependency-graph.js';
export {
  evaluateHealth,
  type HealthReadings,
  type HealthState,
  type HealthVerdict,
  latestReadings,
} from './evaluate-health.js';
export { type CatalogExecutor, CredentialRef, EXECUTOR_KINDS, type ExecutorKind } from './executors.js';
export {
  DEFAULT_HEALTH_RULES,
  HEALTH_SIGNALS,
  type HealthRule,
  type HealthSignal,
  type ServiceHealthRules,
} from './health-rules.js';
export { type CatalogChecks, type CatalogFile, parseCatalog } from './parse-catalog.js';
export { type CatalogProblem, formatProblem } from './problems.js';
export { DEFAULT_PROMQL_TEMPLATES, PROMQL_PLACEHOLDERS, renderPromql } from './promql-templates.js';
export type { Owner, Tier } from './service-spec.js';
export { defaultSeverityForTier } from './tier.js';
