import type pg from 'pg';
import { commandStepExecutor } from '../command-steps.js';
import type { ResolvedCredentials } from '../credentials.js';
import type { CallMode, CallOptions, Executor } from '../port.js';
import { createRedactor } from '../redact.js';
import { abortReason, callSignal, type ResultContext, type ResultDraft, startCall } from '../result.js';
import type { SqlStatement } from './postgres-action.js';
import type { PostgresExecutorConfig } from './postgres-config.js';
import { runInTransaction, type SqlRun } from './postgres-session.js';

const SHOWN_ROWS = 20;

/**
 * Runs a runbook step's parameterized statement on one database: values travel only as bind
 * parameters. A dry run never executes the statement: it runs the step's read-only check, or
 * EXPLAINs the statement, in a READ ONLY transaction.
 */
export function createPostgresExecutor(
  config: PostgresExecutorConfig,
  credentials: ResolvedCredentials,
): Executor {
  const context: ResultContext = {
    executor: { name: config.name, kind: 'postgres' },
    redact: createRedactor([
      credentials.password ?? '',
      credentials.connectionString ?? '',
      passwordIn(credentials.connectionString),
    ]),
    outputLimit: config.outputLimit,
  };
  const connection: pg.ClientConfig = {
    ...(credentials.connectionString === undefined ? {} : { connectionString: credentials.connectionString }),
    ...(config.host === undefined ? {} : { host: config.host, port: config.port }),
    ...(config.database === undefined ? {} : { database: config.database }),
    ...(config.user === undefined ? {} : { user: config.user }),
    ...(credentials.password === undefined ? {} : { password: credentials.password }),
    ...(config.ssl ? { ssl: true } : {}),
    connectionTimeoutMillis: config.timeoutMs,
  };
  const where = config.database === undefined ? '' : ` (on ${config.database})`;
  const line = (statement: SqlStatement) =>
    `postgres ${config.name}: ${statement.text} with ${JSON.stringify(statement.values)}${where}`;

  async function run(
    mode: CallMode,
    statement: SqlStatement,
    options: CallOptions | undefined,
    explain = false,
  ) {
    const finish = startCall(context, mode, line(statement));
    const signal = callSignal(options, config.timeoutMs);
    const ran = await runInTransaction(
      connection,
      {
        text: explain ? `EXPLAIN ${statement.text}` : statement.text,
        values: statement.values,
        readOnly: mode === 'dry-run' || mode === 'check',
        statementTimeoutMs: config.statementTimeoutMs,
      },
      { signal, abortReason: () => abortReason(signal, config.timeoutMs) },
    );
    return finish(judge(ran, mode));
  }

  return commandStepExecutor<'postgres', SqlStatement>(
    {
      kind: 'postgres',
      name: config.name,
      context,
      noun: 'statement',
      textOf: (statement) => statement.text,
      line,
      run: (mode, statement, options) => run(mode, statement, options),
      dryRunWithout: (statement, options) => run('dry-run', statement, options, true),
    },
    (action) => ({ main: action.statement, check: action.check, rollback: action.rollback }),
  );
}

function judge(ran: SqlRun, mode: CallMode): ResultDraft {
  const output = formatRows(ran);
  if (!ran.ok) {
    // Anything short of COMMIT is rolled back by the server; a COMMIT with no answer is unknown.
    const reason = ran.commitUnknown ? `COMMIT got no answer (${ran.failure})` : (ran.failure ?? 'failed');
    return { outcome: ran.commitUnknown ? 'unknown' : 'failed', reason, output };
  }
  const state = { command: ran.command ?? '', rows: ran.rowCount ?? ran.rows.length };
  return { outcome: 'ok', output, ...(mode === 'check' ? { after: state } : {}) };
}

/** `UPDATE 3`, then the first rows as JSON lines; an EXPLAIN's plan as its lines. */
function formatRows(ran: SqlRun): string {
  if (!ran.ok) return '';
  if (ran.command === 'EXPLAIN') return ran.rows.map((row) => String(row['QUERY PLAN'] ?? '')).join('\n');
  const head = `${ran.command ?? ''} ${ran.rowCount ?? ran.rows.length}`;
  const shown = ran.rows.slice(0, SHOWN_ROWS).map((row) => JSON.stringify(row));
  const more = ran.rows.length > SHOWN_ROWS ? [`… ${ran.rows.length - SHOWN_ROWS} more rows`] : [];
  return [head, ...shown, ...more].join('\n');
}

/** The password inside a `postgresql://user:password@host/db` string, masked on its own too. */
function passwordIn(connectionString: string | undefined): string {
  if (connectionString === undefined) return '';
  try {
    return decodeURIComponent(new URL(connectionString).password);
  } catch {
    return '';
  }
}
