import { readdir, readFile } from 'node:fs/promises';
import type { Pool } from 'pg';

/** Versioned SQL files beside the code: `migrations/history/0001_name.sql`, applied in order. */
export const MIGRATIONS_DIR = new URL('../../migrations/history/', import.meta.url);

/** Any fixed number: every Warroom process takes the same lock, so one migrates and the rest wait. */
const MIGRATION_LOCK = 77_022_022;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `0003_add_x.sql` → version 3, name `add_x`; other files are not migrations. */
export function parseMigrationName(file: string): { version: number; name: string } | undefined {
  const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
  if (!match?.[1] || !match[2]) return undefined;
  return { version: Number(match[1]), name: match[2] };
}

export async function readMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const parsed = parseMigrationName(file);
    if (parsed) migrations.push({ ...parsed, sql: await readFile(new URL(file, dir), 'utf8') });
  }
  return migrations;
}

/**
 * Applies the migrations not yet in `schema_migrations`, each in its own transaction, under a
 * session advisory lock so that processes starting together never race. Returns the versions applied.
 */
export async function migrate(pool: Pool, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await readMigrations());
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (row) => row.version,
      ),
    );
    const applied: number[] = [];
    for (const migration of all) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
