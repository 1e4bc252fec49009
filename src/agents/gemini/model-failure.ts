import { ApiError } from '@google/genai';
import { clip } from '../rules/evidence.js';
import { NO_TOKENS, type TokenUsage } from './token-usage.js';

/** Why a model call gave no usable answer, worded for the incident thread; and what it cost. */
export class ModelFailure extends Error {
  constructor(
    readonly reason: string,
    readonly usage: TokenUsage = NO_TOKENS,
  ) {
    super(reason);
    this.name = 'ModelFailure';
  }

  withUsage(usage: TokenUsage): ModelFailure {
    return new ModelFailure(this.reason, usage);
  }
}

const STATUS_WORDS: Readonly<Record<number, string>> = {
  400: 'bad request',
  401: 'unauthenticated',
  403: 'permission denied',
  404: 'model not found',
  429: 'rate limited',
  500: 'internal error',
  503: 'unavailable',
  504: 'deadline exceeded',
};

/** The SDK's ApiError message is the JSON error body; its `error.message` is the readable part. */
function apiMessage(raw: string): string {
  try {
    const message = (JSON.parse(raw) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' ? message : raw;
  } catch {
    return raw;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** Statuses the client retries (see model-client.ts): their failure means every attempt failed. */
export const RETRIED_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/** "fetch failed" says little; the cause's code (ECONNREFUSED, ENOTFOUND, …) says more. */
function networkDetail(error: Error): string {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}

export interface FailureContext {
  timeoutMs: number;
  /** Attempts the client makes for a retryable failure: retries + 1. */
  attempts: number;
  /** Scrubbed from any message, in case one echoes it. */
  secret: string;
}

/** Turns whatever the client threw into a reason for the incident thread. */
export function failureOf(error: unknown, context: FailureContext): ModelFailure {
  if (error instanceof ModelFailure) return error;
  const tries = context.attempts > 1 ? ` (${context.attempts} attempts)` : '';
  if (isAbort(error)) return new ModelFailure(`model timed out after ${context.timeoutMs} ms${tries}`);
  const scrub = (text: string) =>
    clip(context.secret ? text.split(context.secret).join('[redacted]') : text, 200);
  if (error instanceof ApiError) {
    const words = STATUS_WORDS[error.status] ?? 'error';
    if (RETRIED_STATUSES.includes(error.status)) {
      return new ModelFailure(`model returned HTTP ${error.status} (${words})${tries}`);
    }
    // Not retried, so our mistake (schema, model name, key): say what the API said.
    return new ModelFailure(
      `model returned HTTP ${error.status} (${words}): ${scrub(apiMessage(error.message))}`,
    );
  }
  const message = error instanceof Error ? networkDetail(error) : String(error);
  return new ModelFailure(`model call failed: ${scrub(message)}`);
}
