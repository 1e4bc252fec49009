import { setTimeout as delay } from 'node:timers/promises';
import type { ServiceHealthReport } from '../domain/ports.js';
import type { PlannedStep } from '../runner/index.js';
import type { PipelineContext } from './context.js';

const QUERY_TIMEOUT_MS = 10_000;

/** `expr > 0.5` at the top level: the expression alone is worth reading when the check fails. Pure. */
export function comparedExpression(
  promql: string,
): { expression: string; operator: string; bound: string } | undefined {
  const found = /^(.*\S)\s*(==|!=|>=|<=|>|<)\s*(?:bool\s+)?(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i.exec(
    promql.trim(),
  );
  const [, expression, operator, bound] = found ?? [];
  if (!expression || !operator || !bound) return undefined;
  // `a > b > 3` or a comparison inside parentheses left open: not a plain "value vs bound".
  if (/(==|!=|>=|<=|[<>])\s*[^=]/.test(expression.replace(/\{[^}]*\}/g, ''))) return undefined;
  return { expression, operator, bound };
}

/** `0.42, 0.40`: the first few values a query answered. Pure. */
function valuesText(values: readonly { value: number }[]): string {
  const shown = values.slice(0, 3).map((sample) => String(Number(sample.value.toPrecision(6))));
  return `${shown.join(', ')}${values.length > 3 ? ` (+${values.length - 3} more series)` : ''}`;
}

/** Why a `promql` check does not hold, with the value it compared where it can be read; undefined: it holds. */
async function promqlProblem(
  ctx: PipelineContext,
  step: string,
  promql: string,
): Promise<string | undefined> {
  if (ctx.prometheus === undefined) return `step ${step}: no Prometheus to check ${promql}`;
  const now = ctx.now();
  const answer = await ctx.prometheus.queryInstant(promql, now, AbortSignal.timeout(QUERY_TIMEOUT_MS));
  if (!answer.ok) return `step ${step}: ${promql} could not be read`;
  if (answer.value.length > 0) return undefined;
  const compared = comparedExpression(promql);
  if (compared === undefined) return `step ${step}: ${promql} returned nothing`;
  const read = await ctx.prometheus.queryInstant(
    compared.expression,
    now,
    AbortSignal.timeout(QUERY_TIMEOUT_MS),
  );
  const found =
    read.ok && read.value.length > 0
      ? `${compared.expression} is ${valuesText(read.value)}`
      : `${compared.expression} has no data`;
  return `step ${step}: ${promql} does not hold: ${found} (needs ${compared.operator} ${compared.bound})`;
}

/** `api down: error_rate over 0.05 (error_rate=0.42, up=1)`. Pure. */
export function healthProblemText(report: ServiceHealthReport): string {
  const readings = Object.entries(report.readings).map(([signal, value]) => `${signal}=${value}`);
  const why = report.state === 'unknown' ? report.unmeasured : report.reasons;
  const details = [why.join('; '), readings.length > 0 ? `(${readings.join(', ')})` : '']
    .filter(Boolean)
    .join(' ');
  return `${report.service} is ${report.state}${details ? `: ${details}` : ''}`;
}

/**
 * Each step's own `verify` after the longest settle time: a PromQL check must return a result; a
 * health check reads `healthOf` (a task's service) through the health probe, where given, or is
 * left to the caller (an incident's verify samples its root and callers itself). Answers the
 * checks that do not hold, with the numbers read (empty: all hold).
 */
export async function stepCheckProblems(
  ctx: PipelineContext,
  steps: readonly PlannedStep[],
  options: { healthOf?: string } = {},
): Promise<string[]> {
  const verifies = steps.flatMap((step) => (step.verify ? [{ step: step.id, verify: step.verify }] : []));
  const settleSeconds = Math.max(0, ...verifies.map(({ verify }) => verify.settleSeconds));
  if (settleSeconds > 0) await delay(settleSeconds * 1000);
  const failed: string[] = [];
  for (const { step, verify } of verifies) {
    if ('promql' in verify) {
      const problem = await promqlProblem(ctx, step, verify.promql);
      if (problem) failed.push(problem);
      continue;
    }
    if (options.healthOf === undefined) continue;
    const [report] = await ctx.health.probe([options.healthOf], ctx.now());
    if (report?.state !== 'healthy')
      failed.push(
        `step ${step}: ${report ? healthProblemText(report) : `${options.healthOf} could not be probed`}`,
      );
  }
  return failed;
}
