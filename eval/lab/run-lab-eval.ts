import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { dropPrefix, REDIS_URL } from '../../bench/support.js';
import { findLabTools } from '../../lab/runner/debian-tools.js';
import { runLabIncident } from '../../lab/runner/lab-incident.js';
import { type LabWarroom, startLabWarroom } from '../../lab/runner/lab-warroom.js';
import { createLogger } from '../../src/log.js';
import { type LabCase, labCases, NEEDS_CLEAN_BASELINE } from './lab-cases.js';
import { type LabOutcome, printLabTable, summarize } from './lab-report.js';

/** How long a rise-against-baseline fault waits after quiet: the telemetry window's baseline is clean then. */
const CLEAN_BASELINE_MS = 50_000;

async function runCase(loop: LabWarroom, supervisorctl: string, labCase: LabCase): Promise<LabOutcome> {
  try {
    const run = await runLabIncident(loop, {
      service: labCase.service,
      fault: labCase.fault,
      supervisorctl,
      ...(NEEDS_CLEAN_BASELINE.has(labCase.fault) ? { quietForMs: CLEAN_BASELINE_MS } : {}),
    });
    const { diagnosed, verdict } = run;
    return {
      case: labCase,
      incidentId: diagnosed.id,
      rootService: diagnosed.rca?.rootService ?? '',
      fault: diagnosed.rca?.fault ?? '',
      confidence: diagnosed.confidence?.score ?? 0,
      summary: diagnosed.rca?.summary ?? '',
      diagnosedStatus: diagnosed.status,
      ...(verdict ? { verdict: verdict.status, resolution: verdict.resolution ?? '' } : {}),
      faultToAlertMs: run.faultToAlertMs,
      ...(run.alertToApprovalMs !== undefined ? { alertToApprovalMs: run.alertToApprovalMs } : {}),
      ...(run.approvalToVerdictMs !== undefined ? { approvalToVerdictMs: run.approvalToVerdictMs } : {}),
      healthyAtEnd: run.prometheus.healthy,
      prometheusProblems: run.prometheus.problems,
    };
  } catch (error) {
    return {
      case: labCase,
      rootService: '',
      fault: '',
      confidence: 0,
      summary: '',
      healthyAtEnd: false,
      prometheusProblems: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * `npm run eval -- --lab [--out FILE] [--rounds N]`: the fixed set of real faults on the lab, each
 * through real Prometheus, Alertmanager, Warroom (rules), an Approve click and a real runbook; prints
 * the table and writes the JSON report.
 */
export async function runLabEval(options: { out?: string; rounds: number }): Promise<void> {
  const found = findLabTools();
  if ('missing' in found) throw new Error(found.missing);
  const cases = labCases(options.rounds);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-lab-eval-'));
  const out = resolve(options.out ?? join(dir, 'lab-eval-report.json'));
  const prefix = `lab-eval-${randomBytes(4).toString('hex')}`;
  process.stdout.write(
    `Warroom lab evaluation · node ${process.version} · ${cases.length} real faults (7 faults × 3 services${options.rounds > 1 ? ` × ${options.rounds} rounds` : ''}) · rules · lab in ${dir}\n\n`,
  );
  const started = performance.now();
  const loop = await startLabWarroom({
    dir,
    tools: found.tools,
    redisUrl: REDIS_URL,
    prefix,
    logger: createLogger({ level: 'silent' }),
  });
  const outcomes: LabOutcome[] = [];
  try {
    for (const labCase of cases) {
      const outcome = await runCase(loop, found.tools.supervisorctl, labCase);
      outcomes.push(outcome);
      const said =
        outcome.error ??
        `${outcome.rootService}/${outcome.fault} ${outcome.confidence}, ${outcome.verdict ?? outcome.diagnosedStatus}`;
      process.stdout.write(`  ${labCase.id} ${labCase.service} ${labCase.fault}: ${said}\n`);
    }
  } finally {
    await loop.close();
    await dropPrefix(prefix);
  }
  const wallMs = performance.now() - started;
  const summary = summarize(outcomes);
  process.stdout.write('\n');
  printLabTable(outcomes, summary, wallMs);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, wallMs, summary, outcomes }, null, 2)}\n`,
  );
  process.stdout.write(`\nJSON report: ${out}\n`);
  if (!options.out) await rm(join(dir, 'prometheus-data'), { recursive: true, force: true });
}
