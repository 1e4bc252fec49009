import pg from 'pg';
import { migrate } from './migrate.js';
import { createHistoryDatabase, type HistoryDatabase } from './pg-archive.js';

export interface PostgresHistory extends HistoryDatabase {
  pool: pg.Pool;
  /** Brings the schema up to date (once; again after a failure). */
  ready(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The history database behind DATABASE_URL. Nothing connects at start: the schema is migrated
 * before the first use, and again after a failure, so a PostgreSQL that is down when Warroom starts
 * only delays archiving (the archive jobs retry) instead of stopping the bot.
 */
export function createPostgresHistory(connectionString: string): PostgresHistory {
  const pool = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server emits here; the next query reconnects.
  pool.on('error', () => undefined);
  const database = createHistoryDatabase(pool);
  let migrated: Promise<unknown> | undefined;
  const ready = () => {
    migrated ??= migrate(pool).catch((error: unknown) => {
      migrated = undefined;
      throw error;
    });
    return migrated;
  };
  return {
    pool,
    ready,
    async archive(record) {
      await ready();
      await database.archive(record);
    },
    async read(id) {
      await ready();
      return database.read(id);
    },
    async recent(options) {
      await ready();
      return database.recent(options);
    },
    async cards(ids) {
      await ready();
      return database.cards(ids);
    },
    async tally(window, except) {
      await ready();
      return database.tally(window, except);
    },
    close: () => pool.end(),
  };
}
