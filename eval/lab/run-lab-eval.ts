import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pino from 'pino';
import { dropPrefix, REDIS_URL } from '../../bench/support.js';
import { findLabTools } from '../../lab/runner/debian-tools.js';
import {
  CLEAN_BASELINE_SECONDS,
  LAB_PHASES,
  type LabPhases,
  runLabIncident,
} from '../../lab/runner/lab-incident.js';
import { type LabWarroom, startLabWarroom } from '../../lab/runner/lab-warroom.js';
import { createLogger } from '../../src/log.js';
import { type LabCase, labCases } from './lab-cases.js';
import { type LabOutcome, printLabTable, summarize } from './lab-report.js';

async function runCase(loop: LabWarroom, supervisorctl: string, labCase: LabCase): Promise<LabOutcome> {
  try {
    const run = await runLabIncident(loop, {
      service: labCase.service,
      fault: labCase.fault,
      supervisorctl,
      // Every case, not only rise-against-baseline faults: a cache restarted by the case before, still
      // cold inside the window, read as a stampede when storefront then leaked memory, and when
      // payments was then slow.
      cleanBaselineSeconds: CLEAN_BASELINE_SECONDS,
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
      strayIncidents: run.strayIncidents,
      phases: run.phases,
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

/** The cases named by id (`LAB-02`), in the set's order; all of them when none is named. */
function pickCases(all: LabCase[], ids: string[] | undefined): LabCase[] {
  if (!ids || ids.length === 0) return all;
  const unknown = ids.filter((id) => !all.some((labCase) => labCase.id === id));
  if (unknown.length > 0) throw new Error(`no lab case ${unknown.join(', ')}: LAB-01 to ${all.at(-1)?.id}`);
  return all.filter((labCase) => ids.includes(labCase.id));
}

const phaseLine = (phases: LabPhases | undefined) =>
  LAB_PHASES.flatMap((phase) =>
    phases?.[phase] === undefined ? [] : [`${phase} ${(phases[phase] / 1000).toFixed(1)}`],
  ).join(' · ');

/**
 * `npm run eval -- --lab [--out FILE] [--rounds N] [--cases LAB-02,LAB-05]`: the fixed set of real faults on the lab, each
 * through real Prometheus, Alertmanager, Warroom (rules), an Approve click and a real runbook; prints
 * the table and writes the JSON report.
 */
export async function runLabEval(options: { out?: string; rounds: number; cases?: string[] }): Promise<void> {
  const found = findLabTools();
  if ('missing' in found) throw new Error(found.missing);
  const cases = pickCases(labCases(options.rounds), options.cases);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-lab-eval-'));
  const out = resolve(options.out ?? join(dir, 'lab-eval-report.json'));
  const prefix = `lab-eval-${randomBytes(4).toString('hex')}`;
  process.stdout.write(
    `Warroom lab evaluation · node ${process.version} · ${cases.length} real faults (${options.cases?.length ? options.cases.join(', ') : `7 faults × 3 services${options.rounds > 1 ? ` × ${options.rounds} rounds` : ''}`}) · rules · lab in ${dir}\n\n`,
  );
  const started = performance.now();
  const loop = await startLabWarroom({
    dir,
    tools: found.tools,
    redisUrl: REDIS_URL,
    prefix,
    // Warroom's own log (info) beside the lab's, to read when a case goes wrong.
    logger: createLogger(
      { level: 'info' },
      pino.destination({ dest: join(dir, 'warroom.log'), sync: false }),
    ),
  });
  const outcomes: LabOutcome[] = [];
  try {
    for (const labCase of cases) {
      const outcome = await runCase(loop, found.tools.supervisorctl, labCase);
      outcomes.push(outcome);
      const said =
        outcome.error ??
        `${outcome.rootService}/${outcome.fault} ${outcome.confidence}, ${outcome.verdict ?? outcome.diagnosedStatus}`;
      const strays = outcome.strayIncidents?.length
        ? `      open before the break, closed: ${outcome.strayIncidents.join('; ')}\n`
        : '';
      process.stdout.write(
        `  ${labCase.id} ${labCase.service} ${labCase.fault}: ${said}\n      ${phaseLine(outcome.phases)} s\n${strays}`,
      );
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
  process.stdout.write(`\nJSON report: ${out}\nWarroom's log: ${join(dir, 'warroom.log')}\n`);
  if (!options.out) await rm(join(dir, 'prometheus-data'), { recursive: true, force: true });
}
