import { createHash } from 'node:crypto';

// FNV-1a 64 in two unsigned 32-bit halves: BigInt arithmetic is several times slower, and
// Alertmanager storms fingerprint every alert that arrives without one.
const OFFSET_BASIS_HIGH = 0xcbf29ce4;
const OFFSET_BASIS_LOW = 0x84222325;
/** The FNV 64-bit prime is 2^40 + 0x1b3. */
const PRIME_LOW_BITS = 0x1b3;
const TWO_TO_32 = 0x1_0000_0000;
const LABEL_SEPARATOR = 0xff;

class Fnv1a64 {
  private high = OFFSET_BASIS_HIGH;
  private low = OFFSET_BASIS_LOW;

  update(bytes: Uint8Array): this {
    let high = this.high;
    let low = this.low;
    for (const byte of bytes) {
      low = (low ^ byte) >>> 0;
      const lowProduct = low * PRIME_LOW_BITS;
      const carry = Math.floor(lowProduct / TWO_TO_32);
      // (hash << 40) only reaches the high half: low's bits shifted left by 8 within it.
      high = (high * PRIME_LOW_BITS + carry + ((low << 8) >>> 0)) >>> 0;
      low = lowProduct >>> 0;
    }
    this.high = high;
    this.low = low;
    return this;
  }

  hex(): string {
    return this.high.toString(16).padStart(8, '0') + this.low.toString(16).padStart(8, '0');
  }
}

/** FNV-1a 64-bit of `bytes`, as 16 lowercase hex digits. */
export function fnv1a64Hex(bytes: Uint8Array): string {
  return new Fnv1a64().update(bytes).hex();
}

const SEPARATOR_BYTES = Uint8Array.of(LABEL_SEPARATOR);

/**
 * Prometheus's `model.LabelSet.Fingerprint()`, which Alertmanager sends as an alert's `fingerprint`:
 * FNV-1a 64 over name, 0xff, value, 0xff for each label in byte order of the names.
 */
export function labelSetFingerprint(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).map((name) => ({ name, bytes: Buffer.from(name, 'utf8') }));
  names.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const hash = new Fnv1a64();
  for (const { name, bytes } of names) {
    hash.update(bytes).update(SEPARATOR_BYTES);
    hash.update(Buffer.from(labels[name] ?? '', 'utf8')).update(SEPARATOR_BYTES);
  }
  return hash.hex();
}

/** For sources that give no fingerprint: sha256 of the source and the identifying parts, 16 hex digits. */
export function stableFingerprint(source: string, parts: readonly string[]): string {
  // JSON keeps the parts apart: ['a,b'] and ['a', 'b'] must not collide.
  return createHash('sha256')
    .update(JSON.stringify([source, ...parts]))
    .digest('hex')
    .slice(0, 16);
}
