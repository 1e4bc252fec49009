import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTeamCatalog } from '../../../src/catalog/team-catalog.js';
import { formatProblem } from '../../../src/domain/catalog/index.js';
import { createExecutorRegistry } from '../../../src/executors/registry.js';
import { fillParams, parseRunbooks, renderSteps } from '../../../src/runbooks/index.js';
import { writeKubeconfig } from '../../support/kubeconfig.js';
import { exampleCatalog } from '../runbooks/example-estate.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const between = (from: string, to: string) => readme.slice(readme.indexOf(from), readme.indexOf(to));
const yamlBlocks = (text: string) =>
  [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

const KINDS = ['supervisor', 'http', 'local', 'ssh', 'postgres', 'kubernetes', 'manual'] as const;

// A kubernetes executor reads its kubeconfig when it is built; outside a cluster it needs a file.
const kubeconfigDir = mkdtempSync(join(tmpdir(), 'warroom-readme-'));
const kubeconfigPath = writeKubeconfig(kubeconfigDir, 'https://127.0.0.1:6443', 'example-token', 'prod');
afterAll(() => rmSync(kubeconfigDir, { recursive: true, force: true }));

function kindSection(kind: string): string {
  const start = readme.indexOf(`### ${kind}\n`);
  return readme.slice(start, readme.indexOf('\n### ', start + 1));
}

describe("README's runbook and executor examples, through the real parsers", () => {
  it('shows a runbook with every field that the example catalog accepts', () => {
    const [runbook = ''] = yamlBlocks(between('## Runbooks', '## Executors'));
    const outcome = parseRunbooks([{ name: 'readme.yaml', text: runbook }], exampleCatalog());
    expect(outcome.ok ? [] : outcome.problems.map(formatProblem)).toEqual([]);
  });

  it.each(KINDS)('gives %s a complete catalog and runbook that load, fill, render and describe', (kind) => {
    const [catalogText = '', runbookText = ''] = yamlBlocks(kindSection(kind));
    const catalog = parseTeamCatalog([{ name: `${kind}-catalog.yaml`, text: catalogText }]);
    if (!catalog.ok) throw new Error(catalog.problems.map(formatProblem).join('\n'));
    expect(catalog.catalog.executors.map((executor) => executor.kind)).toEqual([kind]);
    const runbooks = parseRunbooks([{ name: `${kind}-runbook.yaml`, text: runbookText }], catalog.catalog);
    if (!runbooks.ok) throw new Error(runbooks.problems.map(formatProblem).join('\n'));
    const [runbook] = runbooks.runbooks;
    if (runbook === undefined) throw new Error('no runbook');

    const [service] = runbook.matches.services;
    const filled = fillParams(runbook, { service }, new Map(), catalog.catalog);
    if (!filled.ok) throw new Error(filled.refusals.join('; '));
    const rendered = renderSteps(runbook, filled.values);
    if (!rendered.ok) throw new Error(rendered.reason);

    const sources = {
      env: {
        LAB_SUPERVISOR_PASSWORD: 'example',
        DB_HOST_KEY_PASSPHRASE: 'example',
        ORDERS_PG_PASSWORD: 'example',
      },
      readFile: (path: string) => `token read from ${path}`,
    };
    const built = createExecutorRegistry(catalog.catalog, sources, {
      allowLocalCommands: true,
      kubeconfigPath,
    });
    if (!built.ok) throw new Error(built.problems.join('\n'));
    for (const step of rendered.steps) {
      const executor = built.registry.byName(step.executor);
      expect(executor?.describe(step.action)).toMatch(new RegExp(`^${kind} ${step.executor}: `));
    }
  });
});
