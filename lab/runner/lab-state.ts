import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { LAB_FILES } from '../config/lab-files.js';
import type { LabLayout } from '../topology.js';

const STATE_FILE = 'lab-state.json';

/** Where `npm run lab` keeps its lab: `LAB_DIR`, or one fixed folder under the temp dir so `break` finds it. */
export function labRoot(): string {
  return process.env.LAB_DIR ?? join(tmpdir(), 'warroom-lab');
}

const LabState = z.object({ pid: z.number().int(), dir: z.string(), startedAt: z.string() });
export type LabState = z.infer<typeof LabState>;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function writeLabState(root: string): Promise<void> {
  const state: LabState = { pid: process.pid, dir: root, startedAt: new Date().toISOString() };
  await writeFile(join(root, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export async function removeLabState(root: string): Promise<void> {
  await rm(join(root, STATE_FILE), { force: true });
}

/** The lab whose runner is still alive in `root`, or undefined (none, or one that died without cleaning up). */
export async function runningLabState(root: string): Promise<LabState | undefined> {
  const text = await readFile(join(root, STATE_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = LabState.safeParse(JSON.parse(text));
  return parsed.success && alive(parsed.data.pid) ? parsed.data : undefined;
}

/** The layout of the lab running in `root`, or an error that says how to start one. */
export async function runningLayout(root: string): Promise<LabLayout> {
  const state = await runningLabState(root);
  if (!state) throw new Error(`no lab is running in ${root}: start one with  npm run lab`);
  return JSON.parse(await readFile(join(state.dir, LAB_FILES.layout), 'utf8')) as LabLayout;
}
