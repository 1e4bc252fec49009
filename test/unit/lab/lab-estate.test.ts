import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labExecutorEnv } from '../../../lab/config/catalog.js';
import { LAB_FILES, labFiles } from '../../../lab/config/lab-files.js';
import { SHOP } from '../../../lab/topology.js';
import { loadEstate } from '../../../src/catalog/load-estate.js';
import { parseTeamCatalog } from '../../../src/catalog/team-catalog.js';
import { loadConfig } from '../../../src/config.js';
import { formatProblem } from '../../../src/domain/catalog/index.js';
import { createExecutorRegistry } from '../../../src/executors/registry.js';
import {
  approverProblems,
  isAutoEligible,
  matchingRunbooks,
  parseRunbooks,
} from '../../../src/runbooks/index.js';
import { SAMPLE_LAB_LAYOUT } from '../../support/lab-layout.js';

const layout = SAMPLE_LAB_LAYOUT;
const files = labFiles(layout);
const text = (name: string) => files[name] ?? '';

function labEstate() {
  const catalog = parseTeamCatalog([{ name: LAB_FILES.catalog, text: text(LAB_FILES.catalog) }]);
  if (!catalog.ok) throw new Error(catalog.problems.map(formatProblem).join('\n'));
  const runbooks = parseRunbooks(
    [{ name: LAB_FILES.runbooks, text: text(LAB_FILES.runbooks) }],
    catalog.catalog,
  );
  if (!runbooks.ok) throw new Error(runbooks.problems.map(formatProblem).join('\n'));
  return { catalog: catalog.catalog, runbooks: runbooks.runbooks };
}

describe("the lab's generated catalog and runbooks, through the real parsers", () => {
  it('parses both with every check: executors per kind, runbook names against the catalog', () => {
    const { catalog, runbooks } = labEstate();
    expect(catalog.services.map((service) => service.name)).toEqual(SHOP.map((service) => service.name));
    expect(runbooks).toHaveLength(SHOP.length * 4);
    expect(approverProblems(catalog, runbooks, [])).toEqual([]);
  });

  it('holds no secret: credentials are references the lab runner fills through the environment', () => {
    for (const name of [LAB_FILES.catalog, LAB_FILES.runbooks]) {
      expect(text(name)).not.toContain(layout.supervisorPassword);
      expect(text(name)).not.toContain(layout.labToken);
    }
    const env = labExecutorEnv(layout);
    expect(loadConfig(env).LOCAL_COMMANDS).toBe(true);
    const { catalog } = labEstate();
    const built = createExecutorRegistry(catalog, { env, readFile: () => '' }, { allowLocalCommands: true });
    expect(built.ok && built.registry.forService('payments')?.kind).toBe('supervisor');
    expect(
      createExecutorRegistry(catalog, { env: {}, readFile: () => '' }, { allowLocalCommands: true }),
    ).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        'executor lab-supervisor: credential password: $LAB_SUPERVISOR_PASSWORD is not set',
      ]),
    });
  });

  it('offers the restart runbook first for a crash, and it may run alone', () => {
    const { runbooks } = labEstate();
    const [first] = matchingRunbooks(runbooks, { service: 'payments', fault: 'crash' });
    expect(first?.id).toBe('restart-payments');
    expect(first && isAutoEligible(first)).toBe(true);
    const disk = (alertNames: string[]) =>
      matchingRunbooks(runbooks, { service: 'payments', fault: 'disk_full', alertNames }).map(
        (runbook) => runbook.id,
      );
    // Freeing the disk ends the fault: it comes first, whichever alert opened the incident.
    expect(disk(['DiskAlmostFull'])).toEqual(['free-disk-payments', 'journal-off-payments']);
    expect(disk(['HighErrorRate'])).toEqual(['free-disk-payments', 'journal-off-payments']);
  });

  it('starts Warroom as the lab runner configures it: every start check passes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'warroom-lab-estate-'));
    try {
      for (const name of [LAB_FILES.catalog, LAB_FILES.runbooks])
        await writeFile(join(dir, name), text(name));
      const env = {
        ...labExecutorEnv(layout),
        WARROOM_CATALOG: join(dir, LAB_FILES.catalog),
        WARROOM_RUNBOOKS: join(dir, LAB_FILES.runbooks),
      };
      const estate = await loadEstate(loadConfig(env), env);
      expect(estate.runbooks).toHaveLength(SHOP.length * 4);
      expect(estate.executors?.names).toContain('lab-shell');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
