/**
 * Faults a test can queue for the next calls of a method (or `'*'` for any method): transport errors,
 * platform errors, and "lost answers" where the call is carried out but the client never learns it.
 */
export type FaultKind =
  | { status: 429; retryAfter?: number }
  | { status: 500 }
  | { status: 503 }
  | { error: string }
  | { lostAnswer: 'status500' | 'connectionClosed' };

export const ANY_METHOD = '*';

export function describeFault(kind: FaultKind): string {
  if ('lostAnswer' in kind) return `lostAnswer:${kind.lostAnswer}`;
  if ('error' in kind) return `error:${kind.error}`;
  return `status:${kind.status}`;
}

function takeFrom<T>(queues: Map<string, T[]>, method: string): T | undefined {
  for (const key of [method, ANY_METHOD]) {
    const queue = queues.get(key);
    const item = queue?.shift();
    if (queue !== undefined && queue.length === 0) queues.delete(key);
    if (item !== undefined) return item;
  }
  return undefined;
}

export class FaultPlan {
  private readonly faults = new Map<string, FaultKind[]>();
  private readonly delays = new Map<string, number[]>();

  failNext(method: string, n: number, kind: FaultKind): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < n; i += 1) queue.push(kind);
    this.faults.set(method, queue);
  }

  delayNext(method: string, ms: number, n = 1): void {
    const queue = this.delays.get(method) ?? [];
    for (let i = 0; i < n; i += 1) queue.push(ms);
    this.delays.set(method, queue);
  }

  takeFault(method: string): FaultKind | undefined {
    return takeFrom(this.faults, method);
  }

  takeDelay(method: string): number {
    return takeFrom(this.delays, method) ?? 0;
  }

  reset(): void {
    this.faults.clear();
    this.delays.clear();
  }
}
