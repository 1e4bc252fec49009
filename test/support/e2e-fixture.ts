import { test } from 'vitest';
import { type E2E, startE2E } from './e2e.js';

export type StartApp = (options?: Parameters<typeof startE2E>[0]) => Promise<E2E>;

/**
 * `it` with a `startApp` fixture: it starts the whole product (`startE2E`) with the test's options
 * and closes every app it started once the test ends, pass or fail, newest first. Replaces the
 * `let e2e; afterEach(close)` scaffolding each e2e file used to repeat.
 */
export const e2eIt = test.extend<{ startApp: StartApp }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads which fixtures this one needs from the pattern.
  startApp: async ({}, use) => {
    const started: E2E[] = [];
    await use(async (options) => {
      const e2e = await startE2E(options);
      started.push(e2e);
      return e2e;
    });
    for (const e2e of started.reverse()) await e2e.close();
  },
});
