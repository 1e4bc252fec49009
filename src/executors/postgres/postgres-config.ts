import { z } from 'zod';
import { executorName, outputLimit, timeoutMs } from '../config-fields.js';
import { credentialRefSchema } from '../credentials.js';

/**
 * Where to connect: `host`, `database` and `user` here with `credentials.password`, or the whole
 * `credentials.connectionString` (it often carries the password, so it is a credential too).
 */
export const postgresExecutorConfigSchema = z
  .strictObject({
    name: executorName,
    kind: z.literal('postgres'),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65_535).default(5432),
    database: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    ssl: z.boolean().default(false),
    credentials: z
      .object({ password: credentialRefSchema, connectionString: credentialRefSchema })
      .partial()
      .strict()
      .optional(),
    /** Each statement's own limit, set with SET LOCAL statement_timeout. */
    statementTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    timeoutMs: timeoutMs(30_000),
    outputLimit,
  })
  .refine(
    (config) =>
      config.credentials?.connectionString !== undefined ||
      (config.host !== undefined && config.database !== undefined && config.user !== undefined),
    { message: 'name host, database and user, or give credentials.connectionString' },
  );
export type PostgresExecutorConfig = z.infer<typeof postgresExecutorConfigSchema>;
