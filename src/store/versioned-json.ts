import { RetryableError } from '../errors.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

/*
 * A JSON document in a Redis hash (`doc`, `version`) updated by compare-and-set, so concurrent
 * writers on any number of processes never lose a write: the loser re-reads and re-applies.
 */

/**
 * Fields written beside the document, in the same step, for scripts that must read one value
 * without decoding the whole document (a ticket's status, say): field, value, field, value, ….
 */
export type IndexedFields<T> = (doc: T) => string[];

const MAX_ATTEMPTS = 50;

export interface Versioned<T> {
  doc: T;
  version: number;
}

export async function readVersioned<T>(
  redis: Redis,
  key: string,
  parse: (raw: unknown) => T,
): Promise<Versioned<T> | undefined> {
  const [doc, version] = await redis.hmget(key, 'doc', 'version');
  if (doc == null || version == null) return undefined;
  return { doc: parse(JSON.parse(doc)), version: Number(version) };
}

/** Writes only when `key` does not exist yet. Returns false when it already did. */
export async function createVersioned<T>(
  redis: Redis,
  key: string,
  doc: T,
  indexed?: IndexedFields<T>,
): Promise<boolean> {
  const created = await withScripts(redis).warroomCompareAndSet(
    key,
    '-1',
    JSON.stringify(doc),
    '0',
    ...(indexed?.(doc) ?? []),
  );
  return created === 1;
}

/**
 * Applies `change` to the current document and writes it if nobody wrote in between.
 * `change` returns `undefined` to leave the document alone. It must be pure: it may run again.
 */
export async function updateVersioned<T>(
  redis: Redis,
  key: string,
  parse: (raw: unknown) => T,
  change: (current: T | undefined, version: number) => T | undefined,
  known?: Versioned<T>,
  indexed?: IndexedFields<T>,
  /** How the document is read (a store that keeps parts of it beside it reads them too). */
  read: () => Promise<Versioned<T> | undefined> = () => readVersioned(redis, key, parse),
): Promise<Versioned<T> | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // A caller that knows the document saves a round trip; if it is stale, the CAS says so.
    const guessed = attempt === 0 && known !== undefined;
    const current = guessed ? known : await read();
    const next = change(current?.doc, current?.version ?? -1);
    if (next === undefined) {
      // No CAS to tell: only the stored document can say whether a known copy needing no change is current.
      if (guessed) continue;
      return current;
    }
    const nextVersion = (current?.version ?? -1) + 1;
    const written = await withScripts(redis).warroomCompareAndSet(
      key,
      String(current?.version ?? -1),
      JSON.stringify(next),
      String(nextVersion),
      ...(indexed?.(next) ?? []),
    );
    if (written === 1) return { doc: next, version: nextVersion };
  }
  throw new RetryableError('conflict', `Too much contention updating ${key}`);
}
