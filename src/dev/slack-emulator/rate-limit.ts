/**
 * Slack's posting limit for `chat.postMessage`: about one message per second per channel with short
 * bursts tolerated, modelled as a token bucket per channel.
 */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterSec: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSec: number,
    private readonly now: () => number,
  ) {}

  take(key: string): TakeResult {
    const at = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: at };
    const elapsedSec = Math.max(0, at - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsedSec * this.refillPerSec);
    bucket.updatedAt = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitSec = this.refillPerSec > 0 ? (1 - bucket.tokens) / this.refillPerSec : 60;
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(waitSec)) };
  }

  reset(): void {
    this.buckets.clear();
  }
}
