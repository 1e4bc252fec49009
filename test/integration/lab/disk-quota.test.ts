import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskQuota } from '../../../lab/services/disk-quota.js';

const QUOTA_BYTES = 8 * 1024 * 1024;

describe("the lab service's disk quota (a real temporary directory)", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fills its directory to the quota even while the periodic measure lands in the middle of a write', async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-disk-quota-'));
    const disk = new DiskQuota(dir, QUOTA_BYTES);
    await disk.open();
    let filling = true;
    // The service measures its directory every second; here as often as it can, to land mid-write.
    const measuring = (async () => {
      while (filling) await disk.measure();
    })();
    await disk.fill();
    filling = false;
    await measuring;

    expect(await disk.measure()).toBeGreaterThanOrEqual(QUOTA_BYTES);
    await expect(disk.append('one more line\n')).rejects.toThrow('data directory is full');
  });

  it('frees what the ballast took, and takes writes again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-disk-quota-'));
    const disk = new DiskQuota(dir, QUOTA_BYTES);
    await disk.open();
    await disk.fill();
    await disk.removeBallast();
    expect(disk.usedBytes).toBe(0);
    await disk.append('a line\n');
    expect(await disk.measure()).toBe(Buffer.byteLength('a line\n'));
  });
});
