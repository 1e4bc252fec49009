import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../support/test-runtime.js';
import { spawnWarroom } from '../support/warroom-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Inside the checkout (.tmp/ is ignored), so the built files find node_modules as dist/ does.
const OUT = join(ROOT, '.tmp', `prod-build-${process.pid}`);
const prefix = uniquePrefix('prod-build');

function emittedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'));
}

describe('the production build leaves the dev tools out; local mode loads them only when it runs', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    // Type checking is `npm run typecheck`'s job: here only what tsconfig.prod.json emits matters.
    await promisify(execFile)(tsc, ['-p', 'tsconfig.prod.json', '--noCheck', '--outDir', OUT], { cwd: ROOT });
  }, 120_000);

  afterAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    await deleteKeysWithPrefix(testRedisUrl(), prefix);
  });

  it('emits main.js and the rest of src, but nothing of src/dev and no import of ws', () => {
    const files = emittedFiles(OUT);
    expect(files).toContain('main.js');
    expect(files).toContain('local-mode.js');
    expect(files.length).toBeGreaterThan(300);
    expect(existsSync(join(OUT, 'dev'))).toBe(false);
    const importsWs = files.filter((file) => /from ['"]ws['"]/.test(readFileSync(join(OUT, file), 'utf8')));
    expect(importsWs).toEqual([]);
  });

  it('refuses local mode with a clear message when started without SLACK_BOT_TOKEN', async () => {
    const child = spawn(process.execPath, [join(OUT, 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('this production build has no local mode');
    expect(stderr).toContain('set SLACK_BOT_TOKEN');
  });

  it('starts local mode from the full tree, the dev tools loaded by the dynamic import', async () => {
    const warroom = spawnWarroom({
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'info',
      MONITOR_INTERVAL_SECONDS: '0',
    });
    try {
      const line = await warroom.waitForLog((entry) => entry.mode === 'local', 'the local mode line');
      expect(String(line.msg)).toContain('local mode (no SLACK_BOT_TOKEN)');
    } finally {
      expect((await warroom.kill('SIGTERM')).code).toBe(0);
    }
  });
});
