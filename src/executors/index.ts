export type {
  ActionTemplate,
  ExecutorAction,
  HttpAction,
  LocalAction,
  ManualAction,
  SupervisorAction,
} from './actions.js';
export { actionTemplateSchema } from './actions.js';
export { createExecutor, type HostPolicy } from './create-executor.js';
export {
  type CredentialRef,
  type CredentialSources,
  credentialRefSchema,
  type ResolvedCredentials,
  resolveCredentials,
} from './credentials.js';
export {
  EXECUTOR_CONFIG_SCHEMAS,
  type ExecutorConfig,
  executorConfigSchema,
  httpExecutorConfigSchema,
  localExecutorConfigSchema,
  manualExecutorConfigSchema,
  supervisorExecutorConfigSchema,
} from './executor-config.js';
export { type ParamSpec, type ParamSpecs, paramSpecSchema, paramSpecsSchema } from './params.js';
export type { CallOptions, Executor, ExecutorKind, ExecutorResult, ObservedState, Outcome } from './port.js';
export { createExecutorRegistry, type ExecutorRegistry, type RegistryOutcome } from './registry.js';
export { type RenderContext, renderAction } from './render.js';
