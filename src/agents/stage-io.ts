import type { z } from 'zod';
import { PermanentError } from '../errors.js';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export function validateStageInput<T>(stage: string, schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new PermanentError('invalid_input', `${stage} input invalid: ${describeIssues(parsed.error)}`, {
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

/** A reasoner that answers off-contract is not retried: the same prompt would fail the same way. */
export function validateReasonerOutput<T>(stage: string, schema: z.ZodType<T>, output: unknown): T {
  const parsed = schema.safeParse(output);
  if (!parsed.success) {
    throw new PermanentError('reasoner_failed', `${stage} output invalid: ${describeIssues(parsed.error)}`, {
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}
