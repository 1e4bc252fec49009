import { z } from 'zod';
import type { ParamValue } from '../params.js';

/**
 * A PostgreSQL step: SQL from the runbook where each `{{param}}` becomes a bind parameter (`$1`,
 * `$2`…), never text of the statement. `check` is a read-only query, run in a READ ONLY transaction.
 */
const sql = z.string().min(1).max(4000);

export const postgresActionTemplateSchema = z.object({
  kind: z.literal('postgres'),
  statement: sql,
  check: sql.optional(),
  rollback: sql.optional(),
});

export interface SqlStatement {
  text: string;
  values: ParamValue[];
}

export interface PostgresAction {
  kind: 'postgres';
  statement: SqlStatement;
  check?: SqlStatement;
  rollback?: SqlStatement;
}
