/** 8 MiB a second: the budget's alert fires within about 15 s (at 4 MiB a second it took 27). */
const LEAK_STEP_BYTES = 4 * 1024 * 1024;
const LEAK_INTERVAL_MS = 500;
/** Stops short of the budget: the lab shares a small machine, and the signal is already clear there. */
const LEAK_CEILING_SHARE = 0.9;

/** Retains real, touched buffers (so resident memory grows) until healed. */
export class MemoryLeak {
  private retained: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly memoryLimitBytes: number) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  get retainedBytes(): number {
    return this.retained.length * LEAK_STEP_BYTES;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (process.memoryUsage.rss() >= this.memoryLimitBytes * LEAK_CEILING_SHARE) return;
      // Filled with varying bytes so every page is really written, not a lazily mapped zero page.
      this.retained.push(Buffer.allocUnsafe(LEAK_STEP_BYTES).fill(this.retained.length % 251));
    }, LEAK_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.retained = [];
  }
}
