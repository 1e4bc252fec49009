/**
 * Coded errors. `retryable` tells BullMQ and the outbox whether trying again can help;
 * `httpStatus` lets an HTTP edge answer without guessing.
 */
export type ErrorCode =
  | 'illegal_transition'
  | 'not_found'
  | 'invalid_input'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'slack_api'
  | 'slack_rate_limited'
  | 'redis_unavailable'
  | 'reasoner_failed'
  | 'internal';

export class WarroomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { retryable?: boolean; httpStatus?: number; cause?: unknown; details?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'WarroomError';
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }

  get httpStatus(): number {
    return this.options.httpStatus ?? 500;
  }
}

export class PermanentError extends WarroomError {
  constructor(
    code: ErrorCode,
    message: string,
    options: { httpStatus?: number; cause?: unknown; details?: unknown } = {},
  ) {
    super(code, message, { ...options, retryable: false });
    this.name = 'PermanentError';
  }
}

export class RetryableError extends WarroomError {
  constructor(
    code: ErrorCode,
    message: string,
    options: { httpStatus?: number; cause?: unknown; details?: unknown } = {},
  ) {
    super(code, message, { ...options, retryable: true });
    this.name = 'RetryableError';
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof WarroomError) return error.retryable;
  // Unknown errors (network blips, Redis hiccups) are worth another attempt; BullMQ caps attempts.
  return true;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
