/** Slack-looking message timestamps (`"1732233445.000100"`), strictly increasing across the workspace. */
export class SlackClock {
  private lastMicros = 0;

  constructor(private readonly now: () => number) {}

  next(): string {
    const micros = Math.max(this.lastMicros + 1, Math.floor(this.now()) * 1000);
    this.lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${fraction}`;
  }
}

/** Orders two Slack ts strings numerically (negative when `a` is older). */
export function compareTs(a: string, b: string): number {
  return Number(a) - Number(b);
}
