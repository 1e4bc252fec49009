import type { Reasoner, ReasoningMeta } from '../src/agents/reasoner.js';
import { diagnoseInProcess } from '../src/sim/diagnose-in-process.js';
import { initialEstate, injectFault } from '../src/sim/estate/index.js';
import type { EvalCase } from './cases.js';

export const EVAL_NOW = new Date('2025-03-01T12:00:00Z');
const INJECTED_AT = new Date(EVAL_NOW.getTime() - 5 * 60_000);

export interface Outcome {
  case: EvalCase;
  rootService: string;
  fault: string;
  confidence: number;
  metas: ReasoningMeta[];
  /** Set when the diagnosis itself threw (a bug, not a fallback). */
  error?: string;
}

async function runOne(evalCase: EvalCase, reasoner: Reasoner): Promise<Outcome> {
  try {
    const run = await diagnoseInProcess({
      system: evalCase.system,
      issue: evalCase.issue,
      state: injectFault(initialEstate(), evalCase.service, evalCase.fault, INJECTED_AT),
      seed: evalCase.seed,
      now: EVAL_NOW,
      reasoner,
      incidentId: evalCase.id,
    });
    const { meta } = run;
    return {
      case: evalCase,
      rootService: run.rca.rootService,
      fault: run.rca.fault,
      confidence: run.rca.confidence,
      metas: [meta.triage, ...meta.specialists, meta.rca, meta.plan],
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { case: evalCase, rootService: '', fault: '', confidence: 0, metas: [], error: message };
  }
}

/** Runs the cases `concurrency` at a time; outcomes come back in case order. */
export async function runCases(
  cases: readonly EvalCase[],
  reasoner: Reasoner,
  concurrency: number,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(cases.length);
  let next = 0;
  const lane = async () => {
    while (next < cases.length) {
      const index = next++;
      const evalCase = cases[index];
      if (evalCase) outcomes[index] = await runOne(evalCase, reasoner);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return outcomes;
}
