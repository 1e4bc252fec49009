import type { Runbook } from './runbook.js';

/** A runbook people named in "Request changes", and the `param=value` pairs they gave for it. */
export interface RunbookAsk {
  runbookId: string;
  overrides: ReadonlyMap<string, unknown>;
}

/**
 * The first loaded runbook whose id the feedback names as a word (e.g. "use restart-shop-gated
 * instead, program=shop"), with the pairs that set its params. Pure; the pairs are only candidates:
 * they are checked like any param value before anything is planned.
 */
export function runbookAskedFor(feedback: string, runbooks: readonly Runbook[]): RunbookAsk | undefined {
  const words = feedback.split(/[\s,;()"'`]+/).filter(Boolean);
  const ids = new Set(runbooks.map((runbook) => runbook.id));
  const runbookId = words.map((word) => word.replace(/[.!?:]+$/, '')).find((word) => ids.has(word));
  const runbook = runbooks.find((candidate) => candidate.id === runbookId);
  if (runbook === undefined) return undefined;
  const overrides = new Map<string, string>();
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0) continue;
    const name = word.slice(0, at);
    if (runbook.params.has(name)) overrides.set(name, word.slice(at + 1).replace(/[.!?]+$/, ''));
  }
  return { runbookId: runbook.id, overrides };
}
