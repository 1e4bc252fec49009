import {
  type GateVerdict,
  gatesVerdict,
  healthGateVerdict,
  promqlGateVerdict,
} from '../../domain/rollout/gate.js';
import type { GateSpec, Rollout } from '../../domain/rollout/rollout.js';
import type { PipelineContext } from '../context.js';

const QUERY_TIMEOUT_MS = 10_000;

/** One gate read on real telemetry now: the service's health probe, or its PromQL query. */
async function gateVerdict(ctx: PipelineContext, rollout: Rollout, gate: GateSpec): Promise<GateVerdict> {
  const at = { service: rollout.service, afterSeconds: rollout.bakeSeconds };
  const now = ctx.now();
  if (gate.kind === 'health') {
    const rules = ctx.catalog?.find(rollout.service)?.health;
    if (rules === undefined)
      return { pass: false, reason: `${rollout.service} is not in the catalog: no health rules` };
    const [report] = await ctx.health.probe([rollout.service], now);
    return healthGateVerdict(rules, report?.readings ?? {}, at);
  }
  if (ctx.prometheus === undefined)
    return promqlGateVerdict(gate, { unreadable: 'no Prometheus is configured' }, at);
  const answer = await ctx.prometheus.queryInstant(gate.query, now, AbortSignal.timeout(QUERY_TIMEOUT_MS));
  if (!answer.ok) return promqlGateVerdict(gate, { unreadable: 'the query could not be read' }, at);
  const value = answer.value[0]?.value;
  return promqlGateVerdict(gate, value === undefined ? {} : { value }, at);
}

/** Every gate of the plan, each read on real telemetry; all must pass. */
export async function evaluateGates(ctx: PipelineContext, rollout: Rollout): Promise<GateVerdict> {
  const gates = rollout.plan?.gates ?? [{ kind: 'health' as const }];
  return gatesVerdict(await Promise.all(gates.map((gate) => gateVerdict(ctx, rollout, gate))));
}
