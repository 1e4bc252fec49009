import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const biome = join(root, 'node_modules', '.bin', 'biome');

/** One import each: at `path` it breaks a dependency rule (or, for the controls, breaks none). */
const PROBES = {
  'src/slack/listeners/probe.ts': "import { Redis } from 'ioredis';",
  'src/pipeline/probe.ts': "import { Redis } from 'ioredis';",
  'src/dev/probe.ts': "import { Redis } from 'ioredis';",
  'src/http/probe.ts': "import { startLocalSlack } from '../dev/local-mode.js';",
  'src/domain/probe.ts': "import { createTicketStore } from '../store/ticket-store.js';",
  'src/domain/catalog/probe.ts': "import { cardMessage } from '../../slack/blocks/card.js';",
  'src/domain/postmortem.ts': "import { cardMessage } from '../slack/blocks/card.js';",
  'src/domain/postmortem-timeline.ts': "import { oneLine } from '../slack/blocks/text.js';",
  'src/agents/probe.ts': "import { Queue } from 'bullmq';",
  'src/agents/rules/probe.ts': "import { runStep } from '../../executors/run-step.js';",
  'src/ingest/normalizers/probe.ts': "import { readFile } from 'node:fs/promises';",
  'src/ingest/probe.ts': "import { intake } from '../agents/intake.js';",
  'src/slack/blocks/probe.ts': "import { createIngestStore } from '../../store/ingest-store.js';",
  'src/slack/blocks/probe-pipeline.ts': "import { openIncident } from '../../pipeline/open-incident.js';",
} as const;
/** The same kinds of imports where the rules allow them. */
const CONTROLS = {
  'src/store/probe.ts': "import { Redis } from 'ioredis';",
  'src/main.ts': "import { Redis } from 'ioredis';",
  'src/dev/local/probe.ts': "import { startSlackEmulator } from '../slack-emulator/index.js';",
  'src/agents/gemini/probe.ts': "import { GoogleGenAI } from '@google/genai';",
  'src/slack/blocks/probe-domain.ts': "import { statusLabel } from '../../domain/status.js';",
  'src/slack/listeners/probe-store.ts': "import { createHomeViewers } from '../../store/home-viewers.js';",
} as const;

let project: string;
let report: Map<string, string[]>;

/** Biome over a scratch project holding this repository's biome.json and only the probes. */
async function lintProbes(): Promise<Map<string, string[]>> {
  project = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
  copyFileSync(join(root, 'biome.json'), join(project, 'biome.json'));
  for (const [path, line] of Object.entries({ ...PROBES, ...CONTROLS })) {
    mkdirSync(join(project, dirname(path)), { recursive: true });
    const name = line.match(/import \{ (\w+) \}/)?.[1] ?? 'x';
    writeFileSync(join(project, path), `${line}\n\nexport const probe = ${name};\n`);
  }
  const run = promisify(execFile);
  const result = await run(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
    cwd: project,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const json = JSON.parse(result.stdout) as {
    diagnostics: Array<{ category: string; location: { path: string } }>;
  };
  const byFile = new Map<string, string[]>();
  for (const diagnostic of json.diagnostics) {
    const path = diagnostic.location.path.replace(/^\.\//, '');
    byFile.set(path, [...(byFile.get(path) ?? []), diagnostic.category]);
  }
  return byFile;
}

describe('the dependency rules of DESIGN.md, as lint enforces them', () => {
  beforeAll(async () => {
    report = await lintProbes();
  }, 60_000);
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it.each(Object.keys(PROBES))('refuses the forbidden import in %s', (path) => {
    expect(report.get(path)).toContain('lint/style/noRestrictedImports');
  });

  it.each(Object.keys(CONTROLS))('allows the import in %s', (path) => {
    expect(report.get(path) ?? []).not.toContain('lint/style/noRestrictedImports');
  });
});
