/**
 * Locally, a test whose outside tool (Chromium, Prometheus) is missing skips with a warning. On CI,
 * where `.ci/run` installs those tools, a missing one fails the test instead of hiding it.
 */
export function skipForMissingTool(missing: string | undefined): boolean {
  if (missing === undefined) return false;
  if (process.env.CI) return false;
  console.warn(`skipped: ${missing}`);
  return true;
}

/** Fails a test that runs without its tool (on CI), saying which tool and how to get it. */
export function requireTool(missing: string | undefined): void {
  if (missing !== undefined) throw new Error(missing);
}
