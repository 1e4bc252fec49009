import type { z } from 'zod';
import { assembleCatalog, type CatalogOutcome, type LocatedExecutor } from './assemble-catalog.js';
import { entityDraft } from './backstage-entities.js';
import type { CatalogProblem } from './problems.js';
import type { ServiceDraft } from './service-draft.js';
import { WarroomFile } from './service-spec.js';
import { parseYaml, type YamlDocument } from './yaml-documents.js';
import { type Locate, parseLocated } from './zod-problems.js';

/** One catalog file's name (as shown in problems) and text. */
export interface CatalogFile {
  name: string;
  text: string;
}

/**
 * Checks the catalog cannot make on its own: the executors module owns each kind's settings schema
 * (the domain imports no adapter), so the caller hands those schemas in, keyed by kind. A kind
 * with no schema keeps only the common checks (name, credentials as references, no literal secret).
 */
export interface CatalogChecks {
  executorSchemas?: ReadonlyMap<string, z.ZodType>;
}

interface Collected {
  entities: ServiceDraft[];
  services: ServiceDraft[];
  executors: LocatedExecutor[];
  problems: CatalogProblem[];
}

function isEntity(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'apiVersion' in value && 'kind' in value;
}

function collectWarroom(document: YamlDocument, into: Collected, checks: CatalogChecks): void {
  const { source } = document;
  const file = parseLocated(WarroomFile, document.value ?? {}, (path) => source.locate(path));
  if (!file.ok) {
    into.problems.push(...file.problems);
    return;
  }
  (file.value.services ?? []).forEach((spec, index) => {
    into.services.push({ spec, locate: (path) => source.locate(['services', index, ...path]) });
  });
  const raw = (document.value as { executors?: unknown[] }).executors ?? [];
  (file.value.executors ?? []).forEach((executor, index) => {
    const locate: Locate = (path) => source.locate(['executors', index, ...path]);
    const schema = checks.executorSchemas?.get(executor.kind);
    if (schema !== undefined) {
      const { description: _description, ...settings } = raw[index] as Record<string, unknown>;
      const checked = parseLocated(schema, settings, locate);
      if (!checked.ok) into.problems.push(...checked.problems);
    }
    into.executors.push({ executor, locate });
  });
}

function collectEntities(documents: readonly YamlDocument[], into: Collected): void {
  for (const { value, source } of documents) {
    const { draft, problems } = entityDraft(value, source);
    into.problems.push(...problems);
    if (draft) into.entities.push(draft);
  }
}

function fileProblem(file: string, message: string): CatalogProblem {
  return { file, path: '', message };
}

/** Problems as an editor would walk them: file by file, then line by line. */
function inFileOrder(problems: readonly CatalogProblem[], files: readonly CatalogFile[]): CatalogProblem[] {
  const fileIndex = new Map(files.map((file, index) => [file.name, index]));
  const rank = (problem: CatalogProblem) =>
    [fileIndex.get(problem.file) ?? files.length, problem.document ?? 0, problem.line ?? 0] as const;
  return [...problems].sort((left, right) => {
    const [a, b] = [rank(left), rank(right)];
    return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  });
}

/**
 * Parses and checks the team's catalog: Warroom files (`services:`, `executors:`) and Backstage
 * entity files, in any mix. Pure: the caller reads the files. Every problem is listed, each with
 * its file, YAML path and line.
 */
export function parseCatalog(files: readonly CatalogFile[], checks: CatalogChecks = {}): CatalogOutcome {
  const collected: Collected = { entities: [], services: [], executors: [], problems: [] };
  for (const file of files) {
    const parsed = parseYaml(file.name, file.text);
    collected.problems.push(...parsed.problems);
    const { documents } = parsed;
    if (documents.length === 0 && parsed.problems.length === 0) {
      collected.problems.push(fileProblem(file.name, 'empty: expected services: or Backstage entities'));
    } else if (documents.some((document) => isEntity(document.value))) {
      collectEntities(documents, collected);
    } else if (documents.length > 1) {
      collected.problems.push(
        fileProblem(
          file.name,
          'a Warroom catalog file holds one YAML document (only Backstage entity files hold several)',
        ),
      );
    } else if (documents[0]) {
      collectWarroom(documents[0], collected, checks);
    }
  }
  if (collected.problems.length > 0) return { ok: false, problems: inFileOrder(collected.problems, files) };
  if (collected.entities.length + collected.services.length === 0) {
    const names = files.map((file) => file.name).join(', ');
    return {
      ok: false,
      problems: [{ file: names, path: '', message: 'no services: the catalog must name at least one' }],
    };
  }
  const outcome = assembleCatalog(collected);
  return outcome.ok ? outcome : { ok: false, problems: inFileOrder(outcome.problems, files) };
}
