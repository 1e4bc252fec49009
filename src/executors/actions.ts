import { z } from 'zod';
import { type KubernetesAction, kubernetesActionTemplateSchema } from './kubernetes/kubernetes-action.js';
import { type PostgresAction, postgresActionTemplateSchema } from './postgres/postgres-action.js';
import { type SshAction, sshActionTemplateSchema } from './ssh/ssh-action.js';

export type { KubernetesAction, PostgresAction, SshAction };

/**
 * A runbook step's action as written (templates, `{{param}}` placeholders) and as rendered (every
 * placeholder replaced by a checked value). Executors only ever see rendered actions.
 */
const template = z.string().min(1).max(2000);

export const supervisorActionTemplateSchema = z.object({
  kind: z.literal('supervisor'),
  operation: z.enum(['restart', 'stop', 'start']),
  program: template,
});

const jsonPrimitive = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const httpRequestTemplateSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  /** Below the executor's base URL; each `/`-separated segment is templated and URL-encoded on its own. */
  path: z.string().startsWith('/'),
  query: z.record(z.string().min(1), template).default({}),
  /** JSON; a string that is exactly one placeholder takes the param's typed value. */
  body: z.json().optional(),
});

const noBodyOnGet = [
  (request: { method: string; body?: unknown }) => request.method !== 'GET' || request.body === undefined,
  { message: 'a GET request takes no body' },
] as const;
const sideRequestSchema = httpRequestTemplateSchema.refine(...noBodyOnGet);

export const httpActionTemplateSchema = httpRequestTemplateSchema
  .extend({
    kind: z.literal('http'),
    success: z
      .object({
        statuses: z.array(z.number().int().min(100).max(599)).min(1).optional(),
        /** Dotted path into the JSON reply (`job.status`, `items.0.state`) that must equal `equals`. */
        jsonPath: z.string().min(1).optional(),
        equals: jsonPrimitive.optional(),
      })
      .default({}),
    /** A check endpoint to call instead of the real one on a dry run (AWX "check" jobs). */
    dryRun: sideRequestSchema.optional(),
    /** A read-only status endpoint. */
    check: sideRequestSchema.optional(),
    rollback: sideRequestSchema.optional(),
  })
  .refine(...noBodyOnGet);

const argv = z.array(template).min(1).max(100);

export const localActionTemplateSchema = z.object({
  kind: z.literal('local'),
  /** Program and arguments; the program (first entry) takes no placeholder. */
  command: argv,
  dryRun: argv.optional(),
  check: argv.optional(),
  rollback: argv.optional(),
});

export const manualActionTemplateSchema = z.object({
  kind: z.literal('manual'),
  instruction: template,
  rollback: template.optional(),
});

export const actionTemplateSchema = z.discriminatedUnion('kind', [
  supervisorActionTemplateSchema,
  httpActionTemplateSchema,
  localActionTemplateSchema,
  sshActionTemplateSchema,
  postgresActionTemplateSchema,
  kubernetesActionTemplateSchema,
  manualActionTemplateSchema,
]);
export type ActionTemplate = z.infer<typeof actionTemplateSchema>;
export type HttpRequestTemplate = z.infer<typeof httpRequestTemplateSchema>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `name` or `group:name`, as supervisord's config allows them. */
export function isSupervisorProgramName(program: string): boolean {
  return /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)?$/.test(program);
}

export interface SupervisorAction {
  kind: 'supervisor';
  operation: 'restart' | 'stop' | 'start';
  program: string;
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Decoded segments; the executor encodes each one. */
  pathSegments: string[];
  query: Array<[string, string]>;
  body?: JsonValue;
}

export interface HttpSuccess {
  statuses?: number[];
  jsonPath?: string;
  equals?: string | number | boolean | null;
}

export interface HttpAction {
  kind: 'http';
  request: HttpRequestSpec;
  success: HttpSuccess;
  dryRun?: HttpRequestSpec;
  check?: HttpRequestSpec;
  rollback?: HttpRequestSpec;
}

export interface LocalAction {
  kind: 'local';
  argv: string[];
  dryRun?: string[];
  check?: string[];
  rollback?: string[];
}

export interface ManualAction {
  kind: 'manual';
  instruction: string;
  rollback?: string;
}

export type ExecutorAction =
  | SupervisorAction
  | HttpAction
  | LocalAction
  | SshAction
  | PostgresAction
  | KubernetesAction
  | ManualAction;
