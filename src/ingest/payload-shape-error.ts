import type { z } from 'zod';
import { PermanentError } from '../errors.js';

export interface PayloadIssue {
  path: Array<string | number>;
  message: string;
}

/** Enough to fix a payload; a fuzzed batch of thousands of bad alerts must not echo them all back. */
export const MAX_REPORTED_ISSUES = 20;

export class PayloadShapeError extends PermanentError {
  constructor(readonly issues: PayloadIssue[]) {
    const first = issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown problem';
    super('invalid_input', `Payload of the wrong shape (${where})`, { httpStatus: 422, details: issues });
    this.name = 'PayloadShapeError';
  }

  static fromZod(error: z.ZodError, pathPrefix: ReadonlyArray<string | number> = []): PayloadShapeError {
    return new PayloadShapeError(
      error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
        path: [...pathPrefix, ...issue.path.map((key) => (typeof key === 'number' ? key : String(key)))],
        message: issue.message,
      })),
    );
  }
}

/** Parses with `schema` or throws PayloadShapeError carrying zod's paths (under `pathPrefix`). */
export function parsePayload<Schema extends z.ZodType>(
  schema: Schema,
  payload: unknown,
  pathPrefix: ReadonlyArray<string | number> = [],
): z.output<Schema> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw PayloadShapeError.fromZod(parsed.error, pathPrefix);
  return parsed.data;
}
