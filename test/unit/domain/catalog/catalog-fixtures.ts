import { readFileSync } from 'node:fs';
import {
  type Catalog,
  type CatalogFile,
  formatProblem,
  parseCatalog,
} from '../../../../src/domain/catalog/index.js';

/** The minimal file of the "your own estate" issue: outside tests rely on it being accepted as it is. */
export const MINIMAL_CATALOG = `services:
  - name: payments
    owner: { team: team-payments, slack: U0PAYOWNER }
    tier: 1
    dependsOn: [ledger-db]
  - name: ledger-db
    tier: 1
  - name: search
    tier: 3
`;

export function repoFile(path: string): CatalogFile {
  return { name: path, text: readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8') };
}

export function catalogOf(...files: CatalogFile[]): Catalog {
  const outcome = parseCatalog(files);
  if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
  return outcome.catalog;
}

/** The problems as people read them, for files given as text. */
export function problemsOf(...files: Array<CatalogFile | string>): string[] {
  const outcome = parseCatalog(
    files.map((file, index) =>
      typeof file === 'string' ? { name: `catalog-${index + 1}.yaml`, text: file } : file,
    ),
  );
  return outcome.ok ? [] : outcome.problems.map(formatProblem);
}
