/** What one backend query came to, for the snapshot's notes. */
export interface QueryOutcome {
  /** The signal asked for: a metric name, or "logs". */
  signal: string;
  problem: string | undefined;
  empty: boolean;
  /** Series beyond the first one (the mapping should aggregate to one). */
  extra: number;
}

function grouped(outcomes: readonly QueryOutcome[]): Map<string, string[]> {
  const byProblem = new Map<string, string[]>();
  for (const { signal, problem } of outcomes) {
    if (problem !== undefined) byProblem.set(problem, [...(byProblem.get(problem) ?? []), signal]);
  }
  return byProblem;
}

/**
 * Short lines for the thread: one failure cause everywhere says so once; otherwise per service,
 * failures grouped by cause, then signals that came back empty.
 */
export function serviceNotes(backend: string, byService: Record<string, QueryOutcome[]>): string[] {
  const all = Object.values(byService).flat();
  const everywhere = grouped(all);
  if (all.length > 0 && everywhere.size === 1 && all.every((outcome) => outcome.problem !== undefined)) {
    return [`${backend}: every query failed: ${[...everywhere.keys()][0]}`];
  }
  const notes: string[] = [];
  for (const [service, outcomes] of Object.entries(byService)) {
    if (outcomes.length > 0 && outcomes.every((outcome) => outcome.empty)) {
      notes.push(`${backend} · ${service}: no data for any signal`);
      continue;
    }
    for (const [problem, signals] of grouped(outcomes)) {
      notes.push(`${backend} · ${service}: ${signals.join(', ')} failed: ${problem}`);
    }
    const empty = outcomes.filter((outcome) => outcome.empty).map((outcome) => outcome.signal);
    if (empty.length > 0) notes.push(`${backend} · ${service}: no data for ${empty.join(', ')}`);
    const split = outcomes.filter((outcome) => outcome.extra > 0).map((outcome) => outcome.signal);
    if (split.length > 0) {
      notes.push(`${backend} · ${service}: ${split.join(', ')} returned several series; used the first`);
    }
  }
  return notes;
}
