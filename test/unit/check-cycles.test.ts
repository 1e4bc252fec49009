import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/check-cycles.mjs', import.meta.url));
const projects: string[] = [];

/** A scratch project of `files` under src/, with a tsconfig like this repository's. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-cycles-'));
  projects.push(dir);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [] },
      include: ['src'],
    }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', path), text);
  }
  return join(dir, 'tsconfig.json');
}

async function check(tsconfig: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, tsconfig]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** a → b → c/c, and d → a: whether c/c imports a back decides the cycle. */
const chain = (cText: string) => ({
  'a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'b.ts': "import type { C } from './c/c.js';\nexport const b = (c: C) => c;\n",
  'c/c.ts': cText,
  'd.ts': "import { a } from './a.js';\nexport const d = a;\n",
});

describe('npm run lint: the import-cycle check', () => {
  afterAll(() => {
    for (const dir of projects) rmSync(dir, { recursive: true, force: true });
  });

  it('fails on a cycle, even one through a type-only import, and names its files', async () => {
    const tsconfig = project(chain("import type { a } from '../a.js';\nexport type C = typeof a;\n"));
    const { code, output } = await check(tsconfig);
    expect(code).toBe(1);
    expect(output).toContain('1 import cycle(s)');
    expect(output).toMatch(/src\/a\.ts → src\/b\.ts → src\/c\/c\.ts → src\/a\.ts/);
    expect(output).not.toContain('src/d.ts');
  });

  it('passes the same files once the cycle is cut', async () => {
    const tsconfig = project(chain('export type C = number;\n'));
    const { code, output } = await check(tsconfig);
    expect(output).toContain('no import cycle among 4 files');
    expect(code).toBe(0);
  });
});
