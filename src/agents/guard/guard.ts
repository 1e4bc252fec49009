import type { PlannedAction } from '../../domain/ticket.js';
import { clip } from '../rules/evidence.js';
import { readingsOf } from './match.js';
import { type NormalizedCommand, normalizeCommand } from './normalize.js';
import { ACTION_RULES, GUARD_RULES, type GuardRule } from './rules.js';
import { maskSecrets } from './secrets.js';
import type { GuardFinding, GuardReport } from './types.js';

const EXCERPT_MAX = 120;

/** Findings for free text (a description, a rollback, a line of an override), at most one per rule. */
export function guardText(text: string): GuardFinding[] {
  const normalized = normalizeCommand(text);
  return GUARD_RULES.filter((rule) => rule.test(normalized)).map((rule) => ({
    ruleId: rule.id,
    verdict: rule.verdict,
    category: rule.category,
    reason: rule.reason,
    excerpt: excerpt(caughtReading(rule, normalized) ?? text),
  }));
}

/** The description and the rollback as text, then the rules about the action as a whole. */
export function guardAction(action: PlannedAction): GuardFinding[] {
  const textFindings = uniqueByRule([action.description, action.rollback].flatMap(guardText));
  const actionFindings = ACTION_RULES.filter((rule) => rule.test(action)).map(
    (rule): GuardFinding => ({
      ruleId: rule.id,
      verdict: rule.verdict,
      category: rule.category,
      reason: rule.reason,
      excerpt: excerpt(rule.excerpt(action)),
    }),
  );
  return [...textFindings, ...actionFindings].map((finding) => ({ ...finding, actionId: action.id }));
}

export function guardPlan(actions: readonly PlannedAction[]): GuardReport {
  return report(actions.flatMap(guardAction));
}

/** A human's override, one step a line; findings carry 1-based line numbers. */
export function guardOverrideLines(lines: readonly string[]): GuardReport {
  return report(
    lines.flatMap((line, index) => guardText(line).map((finding) => ({ ...finding, line: index + 1 }))),
  );
}

export function reportVerdict(findings: readonly GuardFinding[]): GuardReport['verdict'] {
  if (findings.some((finding) => finding.verdict === 'block')) return 'block';
  return findings.length > 0 ? 'warn' : 'allow';
}

function report(findings: GuardFinding[]): GuardReport {
  return { verdict: reportVerdict(findings), findings };
}

function caughtReading(rule: GuardRule, normalized: NormalizedCommand): string | undefined {
  return readingsOf(normalized).find((reading) => rule.test(reading.only))?.text;
}

/** Masked before clipping, so a cut can never leave half a secret unmasked. */
function excerpt(text: string): string {
  return clip(maskSecrets(text), EXCERPT_MAX);
}

function uniqueByRule(findings: GuardFinding[]): GuardFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => !seen.has(finding.ruleId) && seen.add(finding.ruleId));
}
