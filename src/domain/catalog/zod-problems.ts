import type { z } from 'zod';
import type { CatalogProblem, PathSegment, SourceLocation } from './problems.js';

export type Locate = (path: readonly PathSegment[]) => SourceLocation;

function segments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** Every zod issue as a problem at its place in the file; unknown fields one by one. */
export function zodProblems(error: z.ZodError, locate: Locate): CatalogProblem[] {
  return error.issues.flatMap((issue) => {
    const path = segments(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ ...locate([...path, key]), message: `unknown field "${key}"` }));
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return [{ ...locate(path), message: missing ? 'required' : issue.message }];
  });
}

/** Parses with zod, answering the value or every problem, located. */
export function parseLocated<T extends z.ZodType>(
  schema: T,
  value: unknown,
  locate: Locate,
): { ok: true; value: z.output<T> } | { ok: false; problems: CatalogProblem[] } {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problems: zodProblems(parsed.error, locate) };
}
