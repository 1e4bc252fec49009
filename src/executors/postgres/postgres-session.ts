import pg from 'pg';

/**
 * One statement in its own transaction on its own connection: `SET LOCAL statement_timeout` bounds
 * it on the server, READ ONLY (checks, dry runs) makes the server refuse any write, and nothing is
 * committed unless the statement succeeded.
 */
export interface SqlRun {
  ok: boolean;
  command?: string;
  rowCount?: number | null;
  rows: Array<Record<string, unknown>>;
  /** `SQLSTATE message` of a failure. */
  failure?: string;
  /** COMMIT was sent and no answer came back: the change may or may not have been made. */
  commitUnknown?: boolean;
}

export interface SqlWork {
  text: string;
  values: readonly unknown[];
  readOnly: boolean;
  statementTimeoutMs: number;
}

export async function runInTransaction(
  connection: pg.ClientConfig,
  work: SqlWork,
  options: { signal: AbortSignal; abortReason: () => string },
): Promise<SqlRun> {
  const client = new pg.Client({ ...connection, application_name: 'warroom' });
  // A connection error after connect() is emitted, not thrown: without a listener it would crash.
  client.on('error', () => undefined);
  let aborted: string | undefined;
  const onAbort = () => {
    aborted = options.abortReason();
    client.end().catch(() => undefined);
  };
  if (options.signal.aborted) return { ok: false, rows: [], failure: options.abortReason() };
  options.signal.addEventListener('abort', onAbort, { once: true });
  let committing = false;
  try {
    await client.connect();
    await client.query(work.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
    // An integer from the validated config: not a value from the runbook.
    await client.query(`SET LOCAL statement_timeout = ${Math.trunc(work.statementTimeoutMs)}`);
    const result = await client.query({ text: work.text, values: [...work.values] });
    committing = !work.readOnly;
    await client.query(work.readOnly ? 'ROLLBACK' : 'COMMIT');
    return { ok: true, command: result.command, rowCount: result.rowCount, rows: result.rows };
  } catch (error) {
    const failure = aborted ?? describeError(error);
    // An ERROR answer to COMMIT (a deferred constraint, a serialization failure) is an answer: the
    // server rolled the transaction back. No answer, or the connection dying, leaves it unknown.
    const unknown = committing && (aborted !== undefined || !answeredWithError(error));
    return { ok: false, rows: [], failure, ...(unknown ? { commitUnknown: true } : {}) };
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}

/**
 * The server refused the COMMIT and lives on. Connection errors (08…), shutdowns and terminated
 * backends (57P…) and internal errors (XX…) end the session instead: those leave it unknown.
 */
function answeredWithError(error: unknown): boolean {
  const code = error instanceof pg.DatabaseError ? (error.code ?? '') : '';
  return /^[0-9A-Z]{5}$/.test(code) && !/^(08|57P|XX)/.test(code);
}

function describeError(error: unknown): string {
  if (error instanceof pg.DatabaseError) return `PostgreSQL ${error.code ?? 'error'}: ${error.message}`;
  return `PostgreSQL connection: ${error instanceof Error ? error.message : String(error)}`;
}
