import { z } from 'zod';
import { executorName, outputLimit, timeoutMs } from './config-fields.js';
import { credentialRefSchema } from './credentials.js';
import { kubernetesExecutorConfigSchema } from './kubernetes/kubernetes-config.js';
import { postgresExecutorConfigSchema } from './postgres/postgres-config.js';
import { sshExecutorConfigSchema } from './ssh/ssh-config.js';

export type { KubernetesExecutorConfig } from './kubernetes/kubernetes-config.js';
export type { PostgresExecutorConfig } from './postgres/postgres-config.js';
export type { SshExecutorConfig } from './ssh/ssh-config.js';
export { kubernetesExecutorConfigSchema, postgresExecutorConfigSchema, sshExecutorConfigSchema };

/**
 * One zod schema per executor kind, exported so the catalog validates its `executors:` entries
 * with them. Connection details are fixed here: a runbook step can template only what its action
 * allows, never where the executor connects.
 */
const httpUrl = z.url({ protocol: /^https?$/ }).refine((url) => {
  const parsed = new URL(url);
  return parsed.username === '' && parsed.password === '';
}, 'no credentials in the URL: name them under `credentials`');

export const supervisorExecutorConfigSchema = z.strictObject({
  name: executorName,
  kind: z.literal('supervisor'),
  /** supervisord's `[inet_http_server]`: `http://host:port` (the XML-RPC path `/RPC2` is added when absent). */
  url: httpUrl,
  username: z.string().min(1).optional(),
  credentials: z.object({ password: credentialRefSchema }).strict().optional(),
  /** When set, the only programs this executor may touch. */
  programs: z.array(z.string().min(1)).min(1).optional(),
  timeoutMs: timeoutMs(30_000),
  outputLimit,
});

const httpAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer') }),
  z.object({ type: z.literal('basic'), username: z.string().min(1) }),
  z.object({
    type: z.literal('hmac'),
    /** HMAC-SHA256 of the raw body, hex, in this header (GitHub's convention by default). */
    header: z.string().default('X-Hub-Signature-256'),
    prefix: z.string().default('sha256='),
  }),
]);

/** The credential each auth type signs with. */
export const credentialForAuth = {
  none: undefined,
  bearer: 'token',
  basic: 'password',
  hmac: 'secret',
} as const;

export const httpExecutorConfigSchema = z
  .strictObject({
    name: executorName,
    kind: z.literal('http'),
    /** Scheme, host, port and an optional base path; steps add path segments below it. */
    baseUrl: httpUrl.refine((url) => !url.includes('?') && !url.includes('#'), 'no query or fragment'),
    auth: httpAuthSchema.default({ type: 'none' }),
    credentials: z
      .object({ token: credentialRefSchema, password: credentialRefSchema, secret: credentialRefSchema })
      .partial()
      .strict()
      .optional(),
    /** Fixed, non-secret headers (`Accept: application/vnd.github+json`). */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).default({}),
    successStatuses: z.array(z.number().int().min(100).max(599)).min(1).default([200, 201, 202, 204]),
    timeoutMs: timeoutMs(30_000),
    outputLimit,
  })
  .refine(
    (config) => {
      const needed = credentialForAuth[config.auth.type];
      return needed === undefined || config.credentials?.[needed] !== undefined;
    },
    { message: 'bearer auth needs credentials.token, basic credentials.password, hmac credentials.secret' },
  );

export const localExecutorConfigSchema = z.strictObject({
  name: executorName,
  kind: z.literal('local'),
  /** The child's PATH; nothing is inherited from the worker's environment. */
  path: z.string().default('/usr/local/bin:/usr/bin:/bin'),
  /** The only other variables the child sees, with their values. */
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
    .refine((env) => !('PATH' in env), 'set PATH with `path`')
    .default({}),
  cwd: z.string().optional(),
  timeoutMs: timeoutMs(60_000),
  outputLimit,
});

export const manualExecutorConfigSchema = z.strictObject({
  name: executorName,
  kind: z.literal('manual'),
});

export const executorConfigSchema = z.discriminatedUnion('kind', [
  supervisorExecutorConfigSchema,
  httpExecutorConfigSchema,
  localExecutorConfigSchema,
  sshExecutorConfigSchema,
  postgresExecutorConfigSchema,
  kubernetesExecutorConfigSchema,
  manualExecutorConfigSchema,
]);

export type SupervisorExecutorConfig = z.infer<typeof supervisorExecutorConfigSchema>;
export type HttpExecutorConfig = z.infer<typeof httpExecutorConfigSchema>;
export type LocalExecutorConfig = z.infer<typeof localExecutorConfigSchema>;
export type ManualExecutorConfig = z.infer<typeof manualExecutorConfigSchema>;
export type ExecutorConfig = z.infer<typeof executorConfigSchema>;

/** Each kind Warroom has an adapter for, with its settings schema: the catalog validates its entries with these. */
export const EXECUTOR_CONFIG_SCHEMAS: ReadonlyMap<ExecutorConfig['kind'], z.ZodType> = new Map<
  ExecutorConfig['kind'],
  z.ZodType
>([
  ['supervisor', supervisorExecutorConfigSchema],
  ['http', httpExecutorConfigSchema],
  ['local', localExecutorConfigSchema],
  ['ssh', sshExecutorConfigSchema],
  ['postgres', postgresExecutorConfigSchema],
  ['kubernetes', kubernetesExecutorConfigSchema],
  ['manual', manualExecutorConfigSchema],
]);
