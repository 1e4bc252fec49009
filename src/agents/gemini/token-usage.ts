import type { ReasoningMeta } from '../reasoner.js';

export type TokenUsage = NonNullable<ReasoningMeta['tokens']>;

export const NO_TOKENS: TokenUsage = { prompt: 0, output: 0, total: 0 };

/** Gemini's usageMetadata; thinking tokens are billed as output. */
export interface UsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
}

export function usageOf(metadata: UsageMetadata | undefined): TokenUsage {
  const prompt = metadata?.promptTokenCount ?? 0;
  const output = (metadata?.candidatesTokenCount ?? 0) + (metadata?.thoughtsTokenCount ?? 0);
  return { prompt, output, total: metadata?.totalTokenCount ?? prompt + output };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return { prompt: a.prompt + b.prompt, output: a.output + b.output, total: a.total + b.total };
}
