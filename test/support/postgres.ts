import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };

/** Why the PostgreSQL tests must skip (no server on 127.0.0.1:5432), or undefined. `.ci/run` starts one. */
export async function postgresMissing(): Promise<string | undefined> {
  const client = new pg.Client({ ...ADMIN, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL does not answer on 127.0.0.1:5432 as postgres (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ThrowawayDatabase {
  name: string;
  /** `postgres://postgres@127.0.0.1:5432/<name>`, for code that takes a connection string. */
  url: string;
  connect(applicationName?: string): Promise<pg.Client>;
  drop(): Promise<void>;
}

/** A database of its own for one test file, dropped (with its connections) at the end. */
export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const name = `warroom_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(ADMIN);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const clients: pg.Client[] = [];
  return {
    name,
    url: `postgres://${ADMIN.user}@${ADMIN.host}:${ADMIN.port}/${name}`,
    async connect(applicationName = 'warroom-test') {
      const client = new pg.Client({ ...ADMIN, database: name, application_name: applicationName });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
      const dropper = new pg.Client(ADMIN);
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
