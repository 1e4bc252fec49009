import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardText, MAX_STEP_CHARS, reportVerdict } from '../../../../src/agents/guard/index.js';

/*
 * The guard reads text people type, so hostile input must not stall it (#19 asks for a time budget
 * here, an exception to DESIGN's no-timed-assertions rule). Every pattern is linear by construction
 * (see guard/match.ts); on this shared 2-core machine the slowest case takes about 0.3 s, and a
 * quadratic one would take minutes at these sizes, so the budget is loose enough not to flake.
 */
const BUDGET_MS = 2_000;
const MIB = 1 << 20;

/** Shapes that would make a backtracking or a re-scanning reader blow up. */
const HOSTILE_UNITS = [
  'rm -rf ',
  'sudo ',
  "a='",
  '$(a)',
  '`',
  "'a'+",
  'X=rm; $X ',
  'echo a | rev | ',
  'find / -exec ',
  'echo / | xargs ',
  'where a=a ',
  "('a',",
  'qx(',
  'chr(1',
  '\\x72',
  'cm0gLXJmIC8=',
  ' {a,',
  ';',
  'x | ',
  'kill -s ',
  '${a:-',
  'r\u200bm ',
  '\u0440',
  "rmtree('",
  '> ',
  'iptables -j drop ',
  '/*!1',
  "& ('a')",
  'c:\\',
  'kubectl delete ',
];

const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

function timed(text: string) {
  const started = performance.now();
  const findings = guardText(text);
  return {
    verdict: reportVerdict(findings),
    ruleIds: findings.map((finding) => finding.ruleId),
    ms: performance.now() - started,
  };
}

describe('hostile input', () => {
  it.each(HOSTILE_UNITS)('reads a whole step of %j within the budget', (unit) => {
    const { ms } = timed(fill(unit, MAX_STEP_CHARS));
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it.each(HOSTILE_UNITS)('blocks 1 MiB of %j as too long to check, within the budget', (unit) => {
    const { verdict, ruleIds, ms } = timed(fill(unit, MIB));
    expect(verdict).toBe('block');
    expect(ruleIds).toContain('G055');
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('blocks a step whose variables would expand exponentially, within the budget', () => {
    const doubling = ['X=a', ...['Y', 'Z', 'W'].map((name, i) => `${name}=${`$${'XYZ'[i]}`.repeat(120)}`)];
    const { ruleIds, ms } = timed(`${doubling.join('; ')}; ${'$W'.repeat(2_000)}; X=rm; $X -rf /`);
    expect(ruleIds).toContain('G055');
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('reads a whole step of shell tokens in random order within the budget', () => {
    const tokens = fc.constantFrom(...HOSTILE_UNITS, '"', ')', ']', '}', '|', "python3 -c '", 'os.system(');
    for (const parts of fc.sample(fc.array(tokens, { minLength: 4_000 }), { numRuns: 5, seed: 19 })) {
      expect(timed(parts.join('').slice(0, MAX_STEP_CHARS)).ms).toBeLessThan(BUDGET_MS);
    }
  });

  it('still names what it saw in the part it read', () => {
    const ruleIds = guardText(`rm -rf /; ${'echo padding; '.repeat(MIB / 14)}`).map(
      (finding) => finding.ruleId,
    );
    expect(ruleIds).toEqual(expect.arrayContaining(['G001', 'G055']));
  });
});
