import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config.js';
import { type Catalog, formatProblem } from '../domain/catalog/index.js';
import { parseRunbooks, type Runbook, type RunbookFile } from '../runbooks/index.js';

const YAML_FILE = /\.ya?ml$/i;

/** A path's runbook files: the file itself, or a directory's YAML files in name order. */
async function filesAt(path: string): Promise<RunbookFile[]> {
  const paths = (await stat(path)).isDirectory()
    ? (await readdir(path))
        .filter((name) => YAML_FILE.test(name))
        .sort()
        .map((name) => join(path, name))
    : [path];
  return Promise.all(paths.map(async (file) => ({ name: file, text: await readFile(file, 'utf8') })));
}

/**
 * Reads and checks the runbooks `WARROOM_RUNBOOKS` names against the catalog, at start. Any
 * problem: a ConfigError listing every one, so the process refuses to start.
 */
export async function loadRunbooks(paths: readonly string[], catalog: Catalog): Promise<Runbook[]> {
  const files: RunbookFile[] = [];
  const unreadable: string[] = [];
  for (const path of paths) {
    try {
      files.push(...(await filesAt(path)));
    } catch (error) {
      unreadable.push(
        `WARROOM_RUNBOOKS: ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (unreadable.length > 0) throw new ConfigError(unreadable);
  const outcome = parseRunbooks(files, catalog);
  if (!outcome.ok)
    throw new ConfigError(outcome.problems.map((problem) => `WARROOM_RUNBOOKS: ${formatProblem(problem)}`));
  return outcome.runbooks;
}
