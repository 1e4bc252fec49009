import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config.js';
import {
  type Catalog,
  type CatalogFile,
  type CatalogProblem,
  formatProblem,
} from '../domain/catalog/index.js';
import { parseTeamCatalog } from './team-catalog.js';

async function readCatalogFile(path: string): Promise<CatalogFile | CatalogProblem> {
  try {
    return { name: path, text: await readFile(path, 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { file: path, path: '', message: `cannot read the file (${reason})` };
  }
}

/**
 * Reads and checks the catalog files `WARROOM_CATALOG` names, at start. No files: undefined (the
 * simulated estate). Any problem: a ConfigError listing every one, so the process refuses to start.
 */
export async function loadCatalog(paths: readonly string[]): Promise<Catalog | undefined> {
  if (paths.length === 0) return undefined;
  const read = await Promise.all(paths.map(readCatalogFile));
  const files = read.filter((entry): entry is CatalogFile => 'text' in entry);
  const unreadable = read.filter((entry): entry is CatalogProblem => !('text' in entry));
  // With a file missing, the others' references to its services would look wrong: say only that.
  const outcome =
    unreadable.length === 0 ? parseTeamCatalog(files) : { ok: false as const, problems: unreadable };
  if (!outcome.ok) {
    throw new ConfigError(outcome.problems.map((problem) => `WARROOM_CATALOG: ${formatProblem(problem)}`));
  }
  return outcome.catalog;
}
