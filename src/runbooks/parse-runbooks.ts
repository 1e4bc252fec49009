import type { Catalog } from '../domain/catalog/index.js';
import { type CatalogProblem, describeLocation, type SourceLocation } from '../domain/catalog/problems.js';
import { parseYaml } from '../domain/catalog/yaml-documents.js';
import { type Locate, parseLocated } from '../domain/catalog/zod-problems.js';
import { checkRunbook } from './check-runbook.js';
import type { Runbook } from './runbook.js';
import { type RunbookSpec, runbookListSchema, runbookSchema } from './runbook-schema.js';

export interface RunbookFile {
  name: string;
  text: string;
}

export type RunbooksOutcome = { ok: true; runbooks: Runbook[] } | { ok: false; problems: CatalogProblem[] };

interface Located {
  spec: RunbookSpec;
  locate: Locate;
}

/** A file's runbooks: the file is one runbook, or holds several under `runbooks:`. */
function runbooksOf(value: unknown, locate: Locate, problems: CatalogProblem[]): Located[] {
  if (typeof value === 'object' && value !== null && 'runbooks' in value) {
    const parsed = parseLocated(runbookListSchema, value, locate);
    if (!parsed.ok) problems.push(...parsed.problems);
    return parsed.ok
      ? parsed.value.runbooks.map((spec, index) => ({
          spec,
          locate: (path) => locate(['runbooks', index, ...path]),
        }))
      : [];
  }
  const parsed = parseLocated(runbookSchema, value ?? {}, locate);
  if (!parsed.ok) problems.push(...parsed.problems);
  return parsed.ok ? [{ spec: parsed.value, locate }] : [];
}

/**
 * Parses and checks runbook files against the catalog (its services and executors). Pure: the
 * caller reads the files. Every problem is listed, each with its file, YAML path and line.
 */
export function parseRunbooks(files: readonly RunbookFile[], catalog: Catalog): RunbooksOutcome {
  const problems: CatalogProblem[] = [];
  const located: Located[] = [];
  for (const file of files) {
    const parsed = parseYaml(file.name, file.text);
    problems.push(...parsed.problems);
    if (parsed.documents.length > 1)
      problems.push({ file: file.name, path: '', message: 'a runbook file holds one YAML document' });
    const [document] = parsed.documents;
    if (document === undefined) {
      if (parsed.problems.length === 0)
        problems.push({ file: file.name, path: '', message: 'empty: expected a runbook' });
      continue;
    }
    located.push(...runbooksOf(document.value, (path) => document.source.locate(path), problems));
  }
  const firstById = new Map<string, SourceLocation>();
  const runbooks = located.flatMap(({ spec, locate }) => {
    const first = firstById.get(spec.id);
    if (first !== undefined) {
      problems.push({
        ...locate(['id']),
        message: `duplicate runbook id "${spec.id}": already at ${describeLocation(first)}`,
      });
      return [];
    }
    firstById.set(spec.id, locate(['id']));
    return checkRunbook(spec, catalog, locate, problems) ?? [];
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, runbooks };
}
