export { createGeminiReasoner, type GeminiReasonerOptions } from './gemini-reasoner.js';
export { GEMINI_SCHEMA_KEYWORDS, geminiJsonSchema } from './json-schema.js';
export { type ReasoningStage, STAGE_SPECS, type StageSpec } from './stage-specs.js';
