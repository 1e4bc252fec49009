import { readdirSync, readFileSync } from 'node:fs';
import { parseTeamCatalog } from '../../../src/catalog/team-catalog.js';
import type { Catalog } from '../../../src/domain/catalog/index.js';
import { formatProblem } from '../../../src/domain/catalog/index.js';
import { parseRunbooks, type Runbook, type RunbookFile } from '../../../src/runbooks/index.js';

const root = new URL('../../../', import.meta.url);

/** The shipped catalog.example.yaml, parsed with the real parser. */
export function exampleCatalog(): Catalog {
  const outcome = parseTeamCatalog([
    { name: 'catalog.example.yaml', text: readFileSync(new URL('catalog.example.yaml', root), 'utf8') },
  ]);
  if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
  return outcome.catalog;
}

export function exampleRunbookFiles(): RunbookFile[] {
  const dir = new URL('examples/runbooks/', root);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ name, text: readFileSync(new URL(name, dir), 'utf8') }));
}

export function problemsOf(files: RunbookFile[], catalog = exampleCatalog()): string[] {
  const outcome = parseRunbooks(files, catalog);
  return outcome.ok ? [] : outcome.problems.map(formatProblem);
}

export function runbooksOf(files: RunbookFile[], catalog = exampleCatalog()): Runbook[] {
  const outcome = parseRunbooks(files, catalog);
  if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
  return outcome.runbooks;
}
