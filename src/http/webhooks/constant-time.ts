import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares secrets without leaking, through timing, how much of them matched. Hashing first gives
 * timingSafeEqual the equal lengths it needs and hides the expected length as well.
 */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const digestA = createHash('sha256').update(a).digest();
  const digestB = createHash('sha256').update(b).digest();
  return timingSafeEqual(digestA, digestB);
}

/** Hex HMAC-SHA256 of the parts, fed in order (no separator is added). */
export function hmacSha256Hex(secret: string, ...parts: Array<string | Buffer>): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/** A comma-separated list of secrets, as set during a rotation. */
export function secretList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
}
