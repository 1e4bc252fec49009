import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LAB_FILES } from '../config/lab-files.js';
import { LAB_TOKEN_HEADER } from '../services/admin-route.js';
import type { FaultRequest } from '../services/fault-state.js';
import { type LabLayout, portOf, serviceDirs, serviceSpec } from '../topology.js';

const run = promisify(execFile);

/** supervisorctl against the lab's own supervisord (its config names the server and credentials). */
export async function supervisorctl(layout: LabLayout, binary: string, args: string[]): Promise<string> {
  const config = join(layout.dir, LAB_FILES.supervisor);
  // supervisorctl exits non-zero when a process is not running: the output still says what it is.
  const result = await run(binary, ['-c', config, ...args], { timeout: 15_000 }).catch(
    (error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
  return `${result.stdout}${result.stderr}`.trim();
}

/** supervisord's state of a program: RUNNING, STARTING, BACKOFF, EXITED, FATAL, STOPPED… */
export async function processState(layout: LabLayout, binary: string, name: string): Promise<string> {
  return (await processStates(layout, binary, [name])).get(name) ?? 'UNKNOWN';
}

/** supervisord's state of each program named, in one call (`supervisorctl status a b …`). */
export async function processStates(
  layout: LabLayout,
  binary: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const output = await supervisorctl(layout, binary, ['status', ...names]);
  const states = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [name, state] = line.trim().split(/\s+/);
    if (name && state && names.includes(name)) states.set(name, state);
  }
  return states;
}

/** Sends a fault to a running service's admin endpoint; returns its answer. */
export async function breakService(
  layout: LabLayout,
  service: string,
  request: FaultRequest,
): Promise<unknown> {
  serviceSpec(service);
  const response = await fetch(`http://127.0.0.1:${portOf(layout, service)}/admin/fault`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [LAB_TOKEN_HEADER]: layout.labToken },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(60_000),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok)
    throw new Error(`${service} refused ${request.fault}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * Ends every fault of each service named: restores the known-good settings, then heals a running
 * service in place or starts a stopped one (after a crash or a bad config) through supervisord.
 * Two supervisorctl calls at most, whatever the count (each is a Python start); the services
 * heal side by side. Answers a line per service.
 */
export async function healServices(
  layout: LabLayout,
  supervisorctlBinary: string,
  services: readonly string[],
): Promise<string[]> {
  for (const service of services) serviceSpec(service);
  await Promise.all(
    services.map((service) => {
      const dirs = serviceDirs(layout.dir, service);
      return copyFile(join(dirs.home, 'settings.good.json'), dirs.settings);
    }),
  );
  const states = await processStates(layout, supervisorctlBinary, services);
  const stateOf = (service: string) => states.get(service) ?? 'UNKNOWN';
  const stopped = services.filter((service) => stateOf(service) !== 'RUNNING');
  const [started] = await Promise.all([
    stopped.length > 0 ? supervisorctl(layout, supervisorctlBinary, ['start', ...stopped]) : '',
    ...services
      .filter((service) => stateOf(service) === 'RUNNING')
      .map((service) => breakService(layout, service, { fault: 'heal' })),
  ]);
  return services.map((service) =>
    stateOf(service) === 'RUNNING'
      ? `${service}: healed in place`
      : `${service}: was ${stateOf(service)}; ${started}`,
  );
}

/** `healServices` for one service. */
export async function healService(
  layout: LabLayout,
  supervisorctlBinary: string,
  service: string,
): Promise<string> {
  const [line] = await healServices(layout, supervisorctlBinary, [service]);
  return line ?? '';
}
