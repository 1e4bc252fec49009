/**
 * A bounded pool of connection slots: a request holds one while it is served, so a slow service
 * really fills its pool, and a request that waits longer than `timeoutMs` gives up.
 */
export class PoolTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no pooled connection free within ${timeoutMs} ms`);
    this.name = 'PoolTimeoutError';
  }
}

export class ConnectionPool {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly size: number,
    private readonly timeoutMs: number,
  ) {}

  get inUse(): number {
    return this.active;
  }

  get pending(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is free; rejects after the timeout. */
  acquire(): Promise<() => void> {
    if (this.active < this.size) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        this.active += 1;
        resolve(this.releaser());
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new PoolTimeoutError(this.timeoutMs));
      }, this.timeoutMs);
      this.waiting.push(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiting.shift()?.();
    };
  }
}
