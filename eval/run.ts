import { parseArgs } from 'node:util';
import { createReasoner } from '../src/agents/create-reasoner.js';
import type { Reasoner } from '../src/agents/reasoner.js';
import { createRuleReasoner } from '../src/agents/rule-reasoner.js';
import { loadConfig } from '../src/config.js';
import { type GeminiStub, startGeminiStub } from '../src/dev/gemini-stub.js';
import { evalCases, ISSUE_VARIANTS, type IssueVariant } from './cases.js';
import { runLabEval } from './lab/run-lab-eval.js';
import { type Column, printCalibration, printComparison } from './report.js';
import { runCases } from './run-cases.js';
import { score } from './score.js';

/**
 * `npm run eval [-- --seeds N] [--stub] [--variants symptom,vague,edge] [--concurrency N]`:
 * every fault on every service it applies to, noise on, diagnosed in process. Prints accuracy and
 * calibration for the rules, and for Gemini beside them when GEMINI_API_KEY is set (or `--stub`:
 * the local Gemini stub, answering as the rules would). Prints figures, asserts nothing.
 * `npm run eval -- --lab [--out FILE] [--rounds N] [--cases LAB-02,LAB-05]`: real faults on the lab
 * instead (eval/lab).
 */

function options() {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '5' },
      stub: { type: 'boolean', default: false },
      variants: { type: 'string', default: Object.keys(ISSUE_VARIANTS).join(',') },
      concurrency: { type: 'string', default: '8' },
      lab: { type: 'boolean', default: false },
      out: { type: 'string' },
      rounds: { type: 'string', default: '1' },
      cases: { type: 'string' },
    },
  });
  const variants = values.variants.split(',').map((v) => v.trim()) as IssueVariant[];
  const unknown = variants.filter((variant) => !(variant in ISSUE_VARIANTS));
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(', ')}`);
  return {
    seeds: Math.max(1, Number.parseInt(values.seeds, 10) || 5),
    stub: values.stub,
    variants,
    concurrency: Math.max(1, Number.parseInt(values.concurrency, 10) || 8),
    lab: values.lab,
    out: values.out,
    rounds: Math.max(1, Number.parseInt(values.rounds, 10) || 1),
    cases: values.cases?.split(',').map((id) => id.trim()),
  };
}

async function modelReasoner(stub: GeminiStub | null): Promise<{ name: string; reasoner: Reasoner } | null> {
  const config = loadConfig();
  if (stub) {
    const gemini = createReasoner({
      ...config,
      GEMINI_API_KEY: config.GEMINI_API_KEY ?? 'stub-key',
      GEMINI_BASE_URL: stub.url,
    });
    return { name: `${gemini.name} (stub)`, reasoner: stub.observe(gemini) };
  }
  if (!config.GEMINI_API_KEY) return null;
  const gemini = createReasoner(config);
  const where = config.GEMINI_BASE_URL ? ` @ ${config.GEMINI_BASE_URL}` : '';
  return { name: `${gemini.name}${where}`, reasoner: gemini };
}

async function measure(
  name: string,
  reasoner: Reasoner,
  run: () => ReturnType<typeof evalCases>,
  concurrency: number,
): Promise<Column> {
  const started = performance.now();
  const outcomes = await runCases(run(), reasoner, concurrency);
  return { name, scores: score(outcomes), wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.lab)
    return runLabEval({
      rounds: opts.rounds,
      ...(opts.out ? { out: opts.out } : {}),
      ...(opts.cases ? { cases: opts.cases } : {}),
    });
  const cases = () => evalCases(opts.seeds, opts.variants);
  const count = cases().length;
  process.stdout.write(
    `Warroom evaluation · node ${process.version} · ${count} cases: every fault × every service it applies to × seeds 1..${opts.seeds} × ${opts.variants.length} issue variant(s), noise on\n\n`,
  );
  const stub = opts.stub ? await startGeminiStub() : null;
  try {
    const columns: Column[] = [await measure('rules', createRuleReasoner(), cases, opts.concurrency)];
    const model = await modelReasoner(stub);
    if (model) columns.push(await measure(model.name, model.reasoner, cases, opts.concurrency));
    printComparison(columns, opts.variants);
    for (const column of columns) printCalibration(column);
    if (!model)
      process.stdout.write('\n(set GEMINI_API_KEY, or pass --stub, to see Gemini beside the rules)\n');
  } finally {
    await stub?.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`eval failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
