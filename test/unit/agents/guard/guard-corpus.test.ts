import { describe, expect, it } from 'vitest';
import {
  allowRate,
  blockRate,
  type CorpusLine,
  loadGuardCorpus,
  percent,
  verdictOf,
} from '../../../../eval/guard/corpus.js';

const corpus = loadGuardCorpus();
const named = (lines: CorpusLine[]) => lines.map((line) => [`${line.line}: ${line.text}`, line] as const);

describe('guard corpora (eval/guard; `npm run eval:guard` prints the same rates)', () => {
  it('has at least 300 destructive and 100 safe steps, none in both', () => {
    expect(corpus.destructive.length).toBeGreaterThanOrEqual(300);
    expect(corpus.allowed.length).toBeGreaterThanOrEqual(100);
    const destructive = new Set(corpus.destructive.map((line) => line.text));
    expect(corpus.allowed.filter((line) => destructive.has(line.text))).toEqual([]);
  });

  it.each(named(corpus.destructive))('blocks destructive.txt:%s', (_, line) => {
    expect(verdictOf(line.text)).toBe('block');
  });

  it.each(named(corpus.allowed))('never blocks the safe step allowed.txt:%s', (_, line) => {
    expect(verdictOf(line.text)).not.toBe('block');
  });

  it('blocks 100 % of the destructive steps and allows at least 98 % of the safe ones without a warning', () => {
    const blocked = blockRate(corpus.destructive);
    const allowed = allowRate(corpus.allowed);
    console.info(`guard corpus: destructive blocked ${percent(blocked)}, safe allowed ${percent(allowed)}`);
    expect(blocked.misses).toEqual([]);
    expect(allowed.passed / allowed.total).toBeGreaterThanOrEqual(0.98);
  });
});
