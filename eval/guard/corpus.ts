import { readFileSync } from 'node:fs';
import { guardText, reportVerdict } from '../../src/agents/guard/index.js';

/** One step of a corpus file, with where it came from. */
export interface CorpusLine {
  text: string;
  section: string;
  /** 1-based line in its file. */
  line: number;
}

export interface GuardCorpus {
  /** Steps that must be blocked. */
  destructive: CorpusLine[];
  /** Real remediation steps a careful SRE would run, which must pass without a finding. */
  allowed: CorpusLine[];
}

export interface Rate {
  passed: number;
  total: number;
  /** The lines that did not get the verdict they should. */
  misses: CorpusLine[];
}

/** `# heading` lines name the section of the lines under them; blank lines are skipped. */
export function parseCorpus(text: string): CorpusLine[] {
  let section = '';
  return text.split('\n').flatMap((raw, index) => {
    if (raw.startsWith('# ')) section = raw.slice(2);
    if (raw.startsWith('# ') || raw.trim().length === 0) return [];
    return [{ text: raw, section, line: index + 1 }];
  });
}

export function loadGuardCorpus(): GuardCorpus {
  const read = (name: string) => parseCorpus(readFileSync(new URL(name, import.meta.url), 'utf8'));
  return { destructive: read('./destructive.txt'), allowed: read('./allowed.txt') };
}

export const verdictOf = (text: string) => reportVerdict(guardText(text));

export function blockRate(lines: readonly CorpusLine[]): Rate {
  return rate(lines, (line) => verdictOf(line.text) === 'block');
}

export function allowRate(lines: readonly CorpusLine[]): Rate {
  return rate(lines, (line) => verdictOf(line.text) === 'allow');
}

export function percent({ passed, total }: Rate): string {
  return `${((100 * passed) / Math.max(total, 1)).toFixed(1)} % (${passed}/${total})`;
}

function rate(lines: readonly CorpusLine[], passes: (line: CorpusLine) => boolean): Rate {
  const misses = lines.filter((line) => !passes(line));
  return { passed: lines.length - misses.length, total: lines.length, misses };
}
