import { parseTeamCatalog } from '../../src/catalog/team-catalog.js';
import { type Catalog, formatProblem } from '../../src/domain/catalog/index.js';
import type { ExecutorRegistry } from '../../src/executors/registry.js';
import { createExecutorRegistry } from '../../src/executors/registry.js';
import { parseRunbooks, type Runbook } from '../../src/runbooks/index.js';

const CATALOG = `services:
  - name: bench-cache
    owner: { team: platform }
    tier: 3
    approvers: [U0CACHELEAD]
{service}executors:
  - name: host
    kind: local
`;

/**
 * One service (`bench-cache`, approver U0CACHELEAD, and `service`: more of its fields, indented as
 * its entry's), a local executor `host`, and `runbooks` checked against them.
 */
export function taskEstate(
  runbooks: string,
  service = '',
): {
  catalog: Catalog;
  runbooks: Runbook[];
  stepExecutors: ExecutorRegistry;
} {
  const catalog = parseTeamCatalog([{ name: 'catalog.yaml', text: CATALOG.replace('{service}', service) }]);
  if (!catalog.ok) throw new Error(catalog.problems.map(formatProblem).join('\n'));
  const parsed = parseRunbooks([{ name: 'tasks.yaml', text: runbooks }], catalog.catalog);
  if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
  const executors = createExecutorRegistry(
    catalog.catalog,
    { env: {}, readFile: () => '' },
    { allowLocalCommands: true },
  );
  if (!executors.ok) throw new Error(executors.problems.join('\n'));
  return { catalog: catalog.catalog, runbooks: parsed.runbooks, stepExecutors: executors.registry };
}
