import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64Hex, labelSetFingerprint, stableFingerprint } from '../../../src/ingest/fingerprint.js';

/** The algorithm as written down, in BigInt: slow and obviously right, to check the fast one against. */
function referenceFnv1a64(bytes: Iterable<number>): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffff_ffff_ffff_ffffn;
  return hash.toString(16).padStart(16, '0');
}

function referenceFingerprint(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const separator = Buffer.of(0xff);
  return referenceFnv1a64(
    Buffer.concat(
      names.flatMap((name) => [Buffer.from(name), separator, Buffer.from(labels[name] ?? ''), separator]),
    ),
  );
}

const asDecimal = (hex: string) => BigInt(`0x${hex}`).toString();

describe('FNV-1a 64', () => {
  it('matches the published FNV-1a 64 vectors', () => {
    expect(fnv1a64Hex(new Uint8Array())).toBe('cbf29ce484222325');
    expect(fnv1a64Hex(Buffer.from('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex(Buffer.from('foobar'))).toBe('85944171f73967e8');
  });

  it('agrees with a BigInt implementation on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fnv1a64Hex(bytes)).toBe(referenceFnv1a64(bytes));
      }),
    );
  });
});

describe('labelSetFingerprint (Prometheus model.LabelSet.Fingerprint)', () => {
  it("reproduces prometheus/common's signature test vectors", () => {
    expect(asDecimal(labelSetFingerprint({}))).toBe('14695981039346656037');
    expect(asDecimal(labelSetFingerprint({ name: 'garland, briggs', fear: 'love is not enough' }))).toBe(
      '5799056148416392346',
    );
    expect(asDecimal(labelSetFingerprint({ 'first-label': 'first-label-value' }))).toBe(
      '5146282821936882169',
    );
    expect(
      asDecimal(
        labelSetFingerprint({ 'first-label': 'first-label-value', 'second-label': 'second-label-value' }),
      ),
    ).toBe('3195800080984914717');
  });

  it('hashes one label by hand: name, 0xff, value, 0xff', () => {
    const bytes = Buffer.concat([Buffer.from('a'), Buffer.of(0xff), Buffer.from('b'), Buffer.of(0xff)]);
    expect(labelSetFingerprint({ a: 'b' })).toBe(fnv1a64Hex(bytes));
    expect(labelSetFingerprint({ a: 'b' })).toBe(referenceFingerprint({ a: 'b' }));
  });

  it('equals the fingerprint Alertmanager sent for the fixture alert whose labels were not edited', () => {
    // alertmanager-firing-two-alerts-same-group.json, first alert. Its sibling carries the same labels
    // with another fingerprint (edited by the fixture's authors), and Grafana hashes internal labels it
    // does not send, so neither of those can match.
    const labels = { alertname: 'High CPU Temperature', host: 'andromeda', severity: 'critical' };
    expect(labelSetFingerprint(labels)).toBe('a1bc48475b20e73d');
  });

  it('does not depend on the order labels arrive in, and sorts names by UTF-8 bytes', () => {
    expect(labelSetFingerprint({ b: '2', a: '1' })).toBe(labelSetFingerprint({ a: '1', b: '2' }));
    const astral = { '\u{1F600}': 'x', '\uFF21': 'y' };
    expect(labelSetFingerprint(astral)).toBe(referenceFingerprint(astral));
  });

  it('agrees with the reference on random label sets', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string({ unit: 'grapheme' })), (labels) => {
        expect(labelSetFingerprint(labels)).toBe(referenceFingerprint(labels));
        expect(labelSetFingerprint(labels)).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });
});

describe('stableFingerprint', () => {
  it('is 16 hex digits, the same for the same parts and source', () => {
    expect(stableFingerprint('pagerduty', ['PFQZPSY'])).toMatch(/^[0-9a-f]{16}$/);
    expect(stableFingerprint('pagerduty', ['PFQZPSY'])).toBe(stableFingerprint('pagerduty', ['PFQZPSY']));
  });

  it('keeps sources and part boundaries apart', () => {
    expect(stableFingerprint('datadog', ['1'])).not.toBe(stableFingerprint('generic', ['1']));
    expect(stableFingerprint('generic', ['a,b'])).not.toBe(stableFingerprint('generic', ['a', 'b']));
    expect(stableFingerprint('generic', ['ab', ''])).not.toBe(stableFingerprint('generic', ['a', 'b']));
  });
});
