import { createBareRoundTrip } from './bare-round-trip.js';
import { createDiagnosisBench, type DiagnosisSample, measureDiagnosis } from './diagnosis.js';
import { measureIncidentMemory } from './incident-memory.js';
import { reportIngest } from './ingest.js';
import { measureRoutineTasks, printRoutineTasks } from './routine-tasks.js';
import { printSlackWrites } from './slack-writes.js';
import { fmt, line, median } from './support.js';
import { printTimeToApproval } from './time-to-approval.js';

const ROUNDS = 20;
const BARE_PER_ROUND = 15;
const DIAGNOSES_PER_ROUND = 3;
const HOPS = ['intake -> triage', 'triage -> specialists', 'specialists -> rca', 'rca -> plan'];

/**
 * The bare round trip and the instant diagnosis, in alternating rounds, so a machine that speeds
 * up or slows down during the run moves both the same way.
 */
async function measureHopAgainstBare(): Promise<{ bare: number; instant: DiagnosisSample[] }> {
  const yardstick = await createBareRoundTrip();
  const diagnosis = await createDiagnosisBench({ specialistLatencyMs: 0 });
  for (let i = 0; i < 20; i++) await yardstick.sample();
  for (let i = 0; i < 5; i++) await diagnosis.sample();
  const bare: number[] = [];
  const instant: DiagnosisSample[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < BARE_PER_ROUND; i++) bare.push(await yardstick.sample());
    for (let i = 0; i < DIAGNOSES_PER_ROUND; i++) instant.push(await diagnosis.sample());
  }
  await Promise.all([yardstick.close(), diagnosis.close()]);
  return { bare: median(bare), instant };
}

/** The sections `npm run bench -- --only <name>` runs alone. */
const ONLY = {
  'slack-writes': printSlackWrites,
  'time-to-approval': printTimeToApproval,
  ingest: reportIngest,
} as const;

function onlySection(args: readonly string[]): keyof typeof ONLY | undefined {
  const at = args.indexOf('--only');
  if (at < 0) return undefined;
  const name = args[at + 1] ?? '';
  if (Object.hasOwn(ONLY, name)) return name as keyof typeof ONLY;
  throw new Error(`--only takes one of: ${Object.keys(ONLY).join(', ')} (got "${name}")`);
}

/**
 * `npm run bench`: prints figures, asserts nothing. Every ratio is against a baseline measured
 * in the same run on the same Redis, so the figures travel between machines.
 */
async function main(): Promise<void> {
  process.stdout.write(`Warroom benchmark · node ${process.version} · ${new Date().toISOString()}\n\n`);
  const only = onlySection(process.argv.slice(2));
  if (only) {
    await ONLY[only]();
    return;
  }

  const { bare, instant } = await measureHopAgainstBare();
  const hop = median(instant.flatMap((s) => s.hopsMs));
  line(`bare BullMQ job round trip (median of ${ROUNDS * BARE_PER_ROUND})`, fmt(bare));
  line(
    `diagnosis wall time, instant reasoner (median of ${instant.length})`,
    fmt(median(instant.map((s) => s.wallMs))),
  );
  line('per-stage hop: stage finished -> next stage started (median)', fmt(hop));
  HOPS.forEach((name, index) => {
    line(`  ${name}`, fmt(median(instant.map((s) => s.hopsMs[index] ?? 0))));
  });
  line('  hop overhead / bare round trip (target <= 2.0)', `${(hop / bare).toFixed(2)}x`);

  const parallel = await measureDiagnosis({
    samples: 15,
    selected: ['web', 'storage', 'network'],
    specialistLatencyMs: 200,
  });
  const wall = median(parallel.map((s) => s.wallMs));
  const critical = median(parallel.map((s) => s.criticalPathMs));
  line('3 specialists x 200 ms: diagnosis wall time (median of 15)', fmt(wall));
  line('  critical path (intake+triage+max specialist+rca+plan)', fmt(critical));
  line('  wall / critical path (target <= 1.3)', `${(wall / critical).toFixed(2)}x`);
  line('  wall / sequential sum of specialists (600 ms)', `${(wall / (critical + 400)).toFixed(2)}x`);

  await reportIngest();

  await printTimeToApproval();

  const memory = await measureIncidentMemory();
  const kb = (bytes: number) =>
    bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
  line(`Redis per incident, waiting for approval (median of ${memory.incidents})`, kb(memory.openBytes));
  line('  once Resolved (until INCIDENT_RETENTION_DAYS / HOT_DAYS)', kb(memory.closedBytes));
  line('  global index entries the sweep frees per incident', kb(memory.indexBytesFreed));
  line('  10/day kept 180 days (no PostgreSQL): at most', kb(memory.closedBytes * 10 * 181));
  line('  10/day with 7 hot days (PostgreSQL): at most', kb(memory.closedBytes * 10 * 8));
  line('  10/day with nothing expiring (before): growth per year', kb(memory.closedBytes * 10 * 365));

  printRoutineTasks(await measureRoutineTasks());

  await printSlackWrites();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
