import { appendFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const JOURNAL = 'journal.log';
const JOURNAL_ROTATE_BYTES = 1024 * 1024;
const BALLAST_CHUNK_BYTES = 1024 * 1024;
export const BALLAST_PREFIX = 'ballast-';

export class DiskQuotaExceededError extends Error {
  constructor(quotaBytes: number) {
    super(`data directory is full (quota ${quotaBytes} bytes)`);
    this.name = 'DiskQuotaExceededError';
  }
}

/**
 * The service's data directory with a size cap the service enforces itself: every request appends
 * to a journal there, and a write that would cross the cap fails. Usage is measured from the
 * directory, so files deleted by someone else (a runbook's cleanup command) free space for real.
 */
export class DiskQuota {
  private used = 0;

  constructor(
    readonly dir: string,
    readonly quotaBytes: number,
  ) {}

  get usedBytes(): number {
    return this.used;
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await this.measure();
  }

  async measure(): Promise<number> {
    const names = await readdir(this.dir);
    const sizes = await Promise.all(
      names.map((name) =>
        stat(join(this.dir, name)).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    this.used = sizes.reduce((sum, size) => sum + size, 0);
    return this.used;
  }

  async append(line: string): Promise<void> {
    const bytes = Buffer.byteLength(line);
    if (this.used + bytes > this.quotaBytes) throw new DiskQuotaExceededError(this.quotaBytes);
    const journal = join(this.dir, JOURNAL);
    await appendFile(journal, line);
    this.used += bytes;
    const size = await stat(journal).then(
      (s) => s.size,
      () => 0,
    );
    if (size > JOURNAL_ROTATE_BYTES) {
      await rename(journal, `${journal}.1`);
      await this.measure();
    }
  }

  /**
   * Writes real ballast files, a megabyte at a time, until the directory measures full. Measured after
   * every file, not counted: the service's periodic measure can land mid-write and see a partial file,
   * and counting on top of that stopped short of the quota, so the disk never read full.
   */
  async fill(): Promise<void> {
    for (let index = 0; ; index += 1) {
      const used = await this.measure();
      if (used >= this.quotaBytes) return;
      const bytes = Math.min(BALLAST_CHUNK_BYTES, this.quotaBytes - used);
      await writeFile(join(this.dir, `${BALLAST_PREFIX}${Date.now()}-${index}`), Buffer.alloc(bytes, 0x2e));
    }
  }

  async removeBallast(): Promise<void> {
    const names = await readdir(this.dir);
    await Promise.all(
      names.filter((name) => name.startsWith(BALLAST_PREFIX)).map((name) => rm(join(this.dir, name))),
    );
    await this.measure();
  }
}
