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
  const line = await supervisorctl(layout, binary, ['status', name]);
  return line.split(/\s+/)[1] ?? 'UNKNOWN';
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
 * Ends every fault: restores the known-good settings, then heals a running service in place or
 * starts a stopped one (after a crash or a bad config) through supervisord.
 */
export async function healService(
  layout: LabLayout,
  supervisorctlBinary: string,
  service: string,
): Promise<string> {
  serviceSpec(service);
  const dirs = serviceDirs(layout.dir, service);
  await copyFile(join(dirs.home, 'settings.good.json'), dirs.settings);
  const state = await processState(layout, supervisorctlBinary, service);
  if (state === 'RUNNING') {
    await breakService(layout, service, { fault: 'heal' });
    return `${service}: healed in place`;
  }
  const output = await supervisorctl(layout, supervisorctlBinary, ['start', service]);
  return `${service}: was ${state}; ${output}`;
}
