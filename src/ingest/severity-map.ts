import type { Severity } from '../domain/severity.js';

/** Words sources use for urgency, compared lowercased with everything but letters and digits removed. */
const SEVERITY_BY_WORD: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ...words('sev1', [
    'critical',
    'crit',
    'page',
    'fatal',
    'emergency',
    'emerg',
    'disaster',
    'p1',
    'sev1',
    'sev0',
  ]),
  ...words('sev2', ['error', 'err', 'warning', 'warn', 'high', 'major', 'average', 'p2', 'p3', 'sev2']),
  ...words('sev3', ['info', 'informational', 'notice', 'low', 'minor', 'none', 'debug', 'p4', 'p5', 'sev3']),
]);

function words(severity: Severity, list: readonly string[]): Array<[string, Severity]> {
  return list.map((word) => [word, severity]);
}

/** `critical`, `Warning`, `P1`, `SEV-2`… mapped to Warroom's scale; undefined when the word is not one of them. */
export function severityFromWord(word: unknown): Severity | undefined {
  if (typeof word !== 'string') return undefined;
  return SEVERITY_BY_WORD.get(word.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** What a source that says nothing about severity gets: worth a look, not a page. */
export const DEFAULT_SEVERITY: Severity = 'sev2';

export const KNOWN_SEVERITY_WORDS: readonly string[] = [...SEVERITY_BY_WORD.keys()];
