export { faultCatalogLines, graphLines, serviceLine } from './context-lines.js';
export { planPrompt } from './plan-prompt.js';
export { rcaPrompt } from './rca-prompt.js';
export { specialistPrompt } from './specialist-prompt.js';
export { type PromptStage, parseStageHeader, stageHeader } from './stage-header.js';
export { repairPrompt, SHARED_SYSTEM_TEXT, systemInstruction } from './system.js';
export { telemetryDigest } from './telemetry-digest.js';
export { triagePrompt } from './triage-prompt.js';
export type { StagePrompt } from './types.js';
