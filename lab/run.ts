/**
 * `npm run lab`: the lab on real parts (supervisord running six services and a load generator,
 * Prometheus, Alertmanager, Warroom in local mode), until Ctrl-C.
 * `npm run lab -- break <service> <fault>`, `heal <service>`, `status`: talk to the running lab.
 */
import { mkdir, rm } from 'node:fs/promises';
import { findLabTools, type LabTools } from './runner/debian-tools.js';
import { faultHint, labBanner } from './runner/lab-banner.js';
import {
  labRoot,
  removeLabState,
  runningLabState,
  runningLayout,
  writeLabState,
} from './runner/lab-state.js';
import { stopAllGroups } from './runner/process-group.js';
import { breakService, healService, supervisorctl } from './runner/service-control.js';
import { type RunningLab, startLab } from './runner/start-lab.js';
import { FaultRequest } from './services/fault-state.js';
import { LAB_FAULTS } from './topology.js';

const USAGE = [
  'usage: npm run lab                                   start the lab (Ctrl-C stops it)',
  '       npm run lab -- break <service> <fault> [ms|share]',
  '       npm run lab -- heal <service>',
  '       npm run lab -- status',
].join('\n');

function tools(): LabTools {
  const found = findLabTools();
  if ('missing' in found) {
    process.stderr.write(`${found.missing}\n`);
    process.exit(1);
  }
  return found.tools;
}

async function start(): Promise<void> {
  const root = labRoot();
  const labTools = tools();
  const already = await runningLabState(root);
  if (already)
    throw new Error(`a lab is already running (pid ${already.pid}) in ${root}: stop it with Ctrl-C there`);
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  let lab: RunningLab | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(
      `\n${signal}: stopping Warroom, supervisord (services, load), Prometheus, Alertmanager …\n`,
    );
    // Interrupted while starting: stop whatever had started by then.
    (lab ? lab.stop() : stopAllGroups())
      .then(() => removeLabState(root))
      .then(
        () => {
          process.stdout.write(`Stopped. Logs and configs stay in ${root}.\n`);
          process.exit(0);
        },
        (error: unknown) => {
          process.stderr.write(`stopping failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  process.stdout.write(`Starting the lab in ${root} …\n`);
  lab = await startLab({ dir: root, tools: labTools });
  if (stopping) return;
  await writeLabState(root);
  process.stdout.write(labBanner(lab));
}

function faultRequest(fault: string, amount: string | undefined): FaultRequest {
  if (!(LAB_FAULTS as readonly string[]).includes(fault)) {
    throw new Error(`unknown fault ${fault}: one of ${LAB_FAULTS.join(', ')} (or heal <service>)`);
  }
  const value = amount === undefined ? undefined : Number(amount);
  return FaultRequest.parse({
    fault,
    ...(fault === 'slow' && value !== undefined ? { latencyMs: value } : {}),
    ...(fault === 'errors' && value !== undefined ? { errorShare: value } : {}),
  });
}

async function main(args: string[]): Promise<void> {
  const [command = 'start', service, fault, amount] = args;
  if (command === 'start') return start();
  if (command === 'break' && service && fault) {
    const layout = await runningLayout(labRoot());
    const answer = await breakService(layout, service, faultRequest(fault, amount));
    process.stdout.write(`${JSON.stringify(answer)}\n${faultHint(layout, service, fault)}\n`);
    return;
  }
  if (command === 'heal' && service) {
    const layout = await runningLayout(labRoot());
    process.stdout.write(`${await healService(layout, tools().supervisorctl, service)}\n`);
    return;
  }
  if (command === 'status') {
    const layout = await runningLayout(labRoot());
    process.stdout.write(`${await supervisorctl(layout, tools().supervisorctl, ['status'])}\n`);
    return;
  }
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`lab: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
