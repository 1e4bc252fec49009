import { z } from 'zod';
import { LAB_FAULTS } from '../topology.js';
import type { DiskQuota } from './disk-quota.js';
import type { MemoryLeak } from './memory-leak.js';

export const DEFAULT_SLOW_MS = 800;
export const DEFAULT_ERROR_SHARE = 0.5;

export const FaultRequest = z.object({
  fault: z.enum([...LAB_FAULTS, 'heal']),
  /** `slow`: latency added to every request. */
  latencyMs: z.number().int().min(1).max(30_000).optional(),
  /** `errors`: share of requests answered with a 500. */
  errorShare: z.number().gt(0).max(1).optional(),
});
export type FaultRequest = z.infer<typeof FaultRequest>;

/** The faults a running service can carry and heal without leaving the process. */
export class FaultState {
  latencyMs = 0;
  errorShare = 0;
  partitioned = false;

  constructor(
    private readonly leak: MemoryLeak,
    private readonly disk: DiskQuota,
  ) {}

  /** What this service is suffering now, for its log and its admin answer. */
  describe(): string[] {
    return [
      ...(this.latencyMs > 0 ? [`slow ${this.latencyMs} ms`] : []),
      ...(this.errorShare > 0 ? [`errors ${Math.round(this.errorShare * 100)}%`] : []),
      ...(this.partitioned ? ['dependency_down'] : []),
      ...(this.leak.active ? [`memory_leak (${this.leak.retainedBytes >> 20} MiB retained)`] : []),
      ...(this.disk.usedBytes >= this.disk.quotaBytes ? ['disk_full'] : []),
    ];
  }

  async apply(request: FaultRequest): Promise<void> {
    switch (request.fault) {
      case 'slow':
        this.latencyMs = request.latencyMs ?? DEFAULT_SLOW_MS;
        return;
      case 'errors':
        this.errorShare = request.errorShare ?? DEFAULT_ERROR_SHARE;
        return;
      case 'dependency_down':
        this.partitioned = true;
        return;
      case 'memory_leak':
        this.leak.start();
        return;
      case 'disk_full':
        await this.disk.fill();
        return;
      case 'heal':
        this.latencyMs = 0;
        this.errorShare = 0;
        this.partitioned = false;
        this.leak.stop();
        await this.disk.removeBallast();
        return;
      case 'crash':
      case 'bad_config':
        throw new Error(`${request.fault} ends the process: the server handles it`);
    }
  }
}
