import { z } from 'zod';
import { EntityName } from './entity-name.js';
import type { PathSegment } from './problems.js';

export const EXECUTOR_KINDS = [
  'supervisor',
  'http',
  'local',
  'ssh',
  'postgres',
  'kubernetes',
  'manual',
] as const;
export const ExecutorKind = z.enum(EXECUTOR_KINDS);
export type ExecutorKind = z.infer<typeof ExecutorKind>;

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Where a secret is, never the secret: an environment variable's NAME or a file path. */
export const CredentialRef = z
  .strictObject({
    env: z.string().regex(ENV_NAME, 'must be an environment variable name such as PG_PASSWORD').optional(),
    file: z.string().min(1).optional(),
  })
  .refine((ref) => (ref.env === undefined) !== (ref.file === undefined), {
    message: 'give either env (a variable name) or file (a path), not both',
  });
export type CredentialRef = z.infer<typeof CredentialRef>;

/** Field names that hold secrets: their values belong under `credentials`, as references. */
const SECRET_FIELD = /(password|passwd|secret|token|api[-_]?key|private[-_]?key)$/i;

/** Paths of string values under secret-looking field names, at any depth of the kind's settings. */
function literalSecrets(value: unknown, path: PathSegment[] = []): PathSegment[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => literalSecrets(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([field, inner]) =>
    typeof inner === 'string' && SECRET_FIELD.test(field)
      ? [[...path, field]]
      : literalSecrets(inner, [...path, field]),
  );
}

/**
 * One executor: what can apply an action to a service. Fields other than these are the kind's own
 * settings, kept as they are and validated by the executor that reads them.
 */
export const ExecutorSpec = z
  .object({
    name: EntityName,
    kind: ExecutorKind,
    description: z.string().optional(),
    credentials: z.record(z.string(), CredentialRef).optional(),
  })
  .catchall(z.unknown())
  .superRefine(({ credentials, ...settings }, context) => {
    for (const path of literalSecrets(settings)) {
      context.addIssue({
        code: 'custom',
        path,
        message: `looks like a secret: put it under credentials as ${path.at(-1)}: { env: NAME } or { file: path }`,
      });
    }
  })
  .transform(({ name, kind, description, credentials, ...settings }) => ({
    name,
    kind,
    ...(description === undefined ? {} : { description }),
    credentials: new Map(Object.entries(credentials ?? {})) as ReadonlyMap<string, CredentialRef>,
    settings: settings as Readonly<Record<string, unknown>>,
  }));
export type CatalogExecutor = z.output<typeof ExecutorSpec>;
