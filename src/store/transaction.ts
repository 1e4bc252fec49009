import type { ChainableCommander } from 'ioredis';

/**
 * EXEC, failing if any command in it failed. Redis applies a transaction's other commands around
 * one that fails at EXEC (a wrong type, a script error), and ioredis reports that failure only in
 * the result array: unchecked, it would read as done. The caller's job then runs again; the
 * transactions that use it are made of writes that may run twice.
 */
export async function execAll(tx: ChainableCommander): Promise<unknown[]> {
  const results = await tx.exec();
  // Null only when a WATCHed key changed; no caller watches.
  if (!results) throw new Error('Redis transaction aborted');
  for (const [error] of results) if (error) throw error;
  return results.map(([, value]) => value);
}
