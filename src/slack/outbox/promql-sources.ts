import type { TaskSource } from '../blocks/plan-tasks.js';

/** The line the RCA adds per quoted signal (agents/query-evidence.ts). */
const PROMQL_LINE = /^PromQL for (\S+) on (\S+): (.+)$/;

/**
 * The Prometheus graphs behind the root cause's numbers, from the PromQL lines of its evidence: a
 * person opens the same query and sees the same number. Only with a real Prometheus: a simulated
 * estate quotes no PromQL, and no URL is made up for it.
 */
export function promqlSources(evidence: readonly string[], prometheusUrl: string | undefined): TaskSource[] {
  if (!prometheusUrl) return [];
  const base = prometheusUrl.replace(/\/+$/, '');
  return evidence.flatMap((line) => {
    const match = PROMQL_LINE.exec(line);
    if (!match) return [];
    const [, metric, service, promql] = match;
    return [
      {
        url: `${base}/graph?g0.expr=${encodeURIComponent(promql ?? '')}&g0.tab=0`,
        text: `${metric} on ${service}`,
      },
    ];
  });
}
