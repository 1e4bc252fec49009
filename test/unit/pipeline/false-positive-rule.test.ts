import { describe, expect, it } from 'vitest';
import type { TriageOutput } from '../../../src/agents/schemas.js';
import {
  FALSE_POSITIVE_CONFIDENCE,
  type FalsePositiveFacts,
  mayCloseAsFalsePositive,
} from '../../../src/pipeline/diagnosis/triage-handler.js';

/** Triage's verdict on a series flat against its baseline: a likely false positive. */
function flatVerdict(confidence = 95, likely = true): TriageOutput {
  return {
    severity: 'sev2',
    category: 'web',
    summary: 'error rate flat against its baseline',
    scores: [],
    selected: ['web'],
    falsePositive: { likely, confidence, evidence: ['error_rate_pct flat against its 30 min baseline'] },
  };
}

const ALERT: FalsePositiveFacts = { knownService: true, reopened: false, trusted: false };

describe('mayCloseAsFalsePositive: a real service closes only while its probe reads it healthy', () => {
  it.each([
    ['healthy', true],
    ['degraded', false],
    ['down', false],
    ['unknown', false],
  ] as const)('a flat series on a real service whose probe reads %s: closes %s', (health, closes) => {
    expect(mayCloseAsFalsePositive(flatVerdict(), { ...ALERT, health })).toBe(closes);
  });

  it('the simulated estate (no probe verdict) is judged by its telemetry alone', () => {
    expect(mayCloseAsFalsePositive(flatVerdict(), ALERT)).toBe(true);
  });

  it.each([
    ['an unknown service', { knownService: false }],
    ['a reopened incident', { reopened: true }],
    ['a declared or monitor-opened incident', { trusted: true }],
  ] as const)('never closes %s, healthy or not', (_name, change) => {
    expect(mayCloseAsFalsePositive(flatVerdict(), { ...ALERT, ...change, health: 'healthy' })).toBe(false);
  });

  it('needs a likely verdict at the confidence threshold', () => {
    const healthy = { ...ALERT, health: 'healthy' as const };
    expect(mayCloseAsFalsePositive(flatVerdict(FALSE_POSITIVE_CONFIDENCE), healthy)).toBe(true);
    expect(mayCloseAsFalsePositive(flatVerdict(FALSE_POSITIVE_CONFIDENCE - 1), healthy)).toBe(false);
    expect(mayCloseAsFalsePositive(flatVerdict(99, false), healthy)).toBe(false);
  });
});
