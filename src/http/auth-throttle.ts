/**
 * A token bucket per client address, spent by failed credentials only: a person who mistypes a
 * password a few times never notices it, a script guessing passwords is slowed to a trickle.
 * In memory, per process (each web process throttles what it sees). Pure apart from its clock.
 */
export interface AuthThrottleOptions {
  /** Failures allowed in a burst. */
  capacity: number;
  /** One more failure is allowed every this many seconds. */
  refillEverySeconds: number;
  /** Addresses remembered at most; the longest-remembered go first. */
  maxClients?: number;
  now?: () => number;
}

export interface AuthThrottle {
  /** Seconds until `client` may try again; undefined while it may. */
  retryAfterSeconds(client: string): number | undefined;
  recordFailure(client: string): void;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottleOptions = { capacity: 20, refillEverySeconds: 3 };

export function createAuthThrottle(options: AuthThrottleOptions = DEFAULT_AUTH_THROTTLE): AuthThrottle {
  const { capacity, refillEverySeconds } = options;
  const maxClients = options.maxClients ?? 10_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const tokensOf = (client: string, at: number): number => {
    const bucket = buckets.get(client);
    if (!bucket) return capacity;
    return Math.min(capacity, bucket.tokens + (at - bucket.at) / 1000 / refillEverySeconds);
  };

  return {
    retryAfterSeconds(client) {
      const tokens = tokensOf(client, now());
      return tokens >= 1 ? undefined : Math.ceil((1 - tokens) * refillEverySeconds);
    },
    recordFailure(client) {
      const at = now();
      const tokens = Math.max(0, tokensOf(client, at) - 1);
      buckets.delete(client);
      buckets.set(client, { tokens, at });
      if (buckets.size > maxClients) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
    },
  };
}
