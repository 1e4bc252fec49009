import { guardText, reportVerdict } from '../agents/guard/index.js';

/**
 * Why the safety guard blocks a rendered command or statement, or undefined when it lets it run.
 * Checked on what would actually be sent, after every value is in place.
 */
export function guardRefusal(text: string, what: 'command' | 'statement'): string | undefined {
  const findings = guardText(text);
  if (reportVerdict(findings) !== 'block') return undefined;
  const reasons = findings
    .filter((finding) => finding.verdict === 'block')
    .map((finding) => `${finding.ruleId} ${finding.reason}`);
  return `the safety guard blocks this ${what}: ${reasons.join('; ')}`;
}
