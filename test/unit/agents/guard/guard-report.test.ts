import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_RULES,
  GUARD_RULES,
  GuardReport,
  guardAction,
  guardOverrideLines,
  guardPlan,
  guardText,
} from '../../../../src/agents/guard/index.js';
import { planByRules } from '../../../../src/agents/rules/plan-rules.js';
import { FAULT_KINDS } from '../../../../src/domain/faults.js';
import type { PlannedAction } from '../../../../src/domain/ticket.js';
import { FAULT_TARGETS } from '../../../../src/sim/fault-targets.js';
import { serviceContext } from '../../../../src/sim/service-context.js';
import { CREDENTIAL_SAMPLES } from './credential-samples.js';

function action(overrides: Partial<PlannedAction> = {}): PlannedAction {
  return {
    id: 'a1',
    kind: 'manual',
    target: 'api',
    description: 'kubectl rollout restart deployment/api',
    risk: 'low',
    blastRadius: 'one instance at a time',
    rollback: 'kubectl rollout undo deployment/api',
    ...overrides,
  };
}

function runbookPlan(fault: (typeof FAULT_KINDS)[number]): PlannedAction[] {
  const rootService = FAULT_TARGETS[fault].defaultService;
  return planByRules({
    incidentId: 'INC-0001',
    rca: { rootService, fault, summary: 's', evidence: [], confidence: 90, explains: [] },
    service: serviceContext(rootService),
  }).actions;
}

describe('rule table', () => {
  it('gives every rule a unique G-number, a verdict and a reason for people', () => {
    const rules = [...GUARD_RULES, ...ACTION_RULES];
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^G\d{3}$/);
      expect(rule.reason.length).toBeGreaterThan(10);
    }
  });
});

describe('guardAction and guardPlan', () => {
  it.each(FAULT_KINDS)(
    'lets the real %s runbook through; only failover is flagged, for its blast radius',
    (fault) => {
      const report = guardPlan(runbookPlan(fault));
      const flagged = report.findings.map((finding) => `${finding.ruleId}:${finding.actionId}`);
      const failovers = runbookPlan(fault).filter((step) => step.kind === 'failover');
      expect(flagged).toEqual(failovers.map((step) => `G037:${step.id}`));
      expect(report.verdict).toBe(failovers.length > 0 ? 'warn' : 'allow');
    },
  );

  it('checks the description and the rollback as text, once per rule, tagged with the action id', () => {
    const findings = guardAction(
      action({ id: 'a7', description: 'rm -rf /; rm -rf ~', rollback: 'restore from backup, else rm -rf /' }),
    );
    expect(findings.map((finding) => [finding.ruleId, finding.actionId])).toEqual([['G001', 'a7']]);
  });

  it.each([
    ['', 'low', 'G035', 'warn'],
    ['none', 'medium', 'G035', 'warn'],
    ['N/A', 'low', 'G035', 'warn'],
    ['none', 'high', 'G036', 'block'],
    ['  ', 'high', 'G036', 'block'],
  ] as const)('rollback %j on a %s-risk step → %s (%s)', (rollback, risk, ruleId, verdict) => {
    const report = guardPlan([action({ rollback, risk })]);
    expect(report.findings.map((finding) => finding.ruleId)).toEqual([ruleId]);
    expect(report.verdict).toBe(verdict);
  });

  it('accepts an explained "none": the reason is the rollback story', () => {
    expect(guardAction(action({ rollback: 'none: the cache refills on read' }))).toEqual([]);
  });

  it('warns about a high-risk step that touches everything, not a low-risk one', () => {
    expect(guardAction(action({ risk: 'high', blastRadius: 'every region' })).map((f) => f.ruleId)).toEqual([
      'G037',
    ]);
    expect(guardAction(action({ risk: 'low', blastRadius: 'every region' }))).toEqual([]);
  });

  it('blocks the plan when any step is blocked, and names the step', () => {
    const report = guardPlan([
      action(),
      action({ id: 'a2', description: 'reboot' }),
      action({ id: 'a3', description: 'DROP DATABASE app' }),
    ]);
    expect(report.verdict).toBe('block');
    expect(report.findings.map((finding) => [finding.actionId, finding.verdict])).toEqual([
      ['a2', 'warn'],
      ['a3', 'block'],
    ]);
    expect(GuardReport.parse(report)).toEqual(report);
  });
});

describe('guardOverrideLines', () => {
  it('numbers findings by line, from 1, and skips nothing in between', () => {
    const report = guardOverrideLines([
      'kubectl rollout restart deployment/api',
      '',
      'sudo rm -rf /var/lib/postgresql',
      'git push -f origin main',
    ]);
    expect(report.verdict).toBe('block');
    expect(report.findings.map((finding) => [finding.line, finding.ruleId])).toEqual([
      [3, 'G001'],
      [4, 'G014'],
    ]);
  });

  it('allows a safe override', () => {
    expect(guardOverrideLines(['scale api to 6 replicas', 'kubectl rollout restart deployment/api'])).toEqual(
      {
        verdict: 'allow',
        findings: [],
      },
    );
  });
});

describe('excerpts never echo a secret', () => {
  it.each(CREDENTIAL_SAMPLES)('$text', ({ text, secret, shown }) => {
    const findings = guardOverrideLines([text]).findings;
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding.excerpt.toLowerCase()).not.toContain(secret.toLowerCase());
    expect(findings.some((finding) => finding.excerpt.includes(shown))).toBe(true);
  });

  it('masks secrets inside plan steps too', () => {
    const [finding] = guardAction(action({ description: 'restart with SLACK_TOKEN=xoxp-99999999999-1111' }));
    expect(finding?.excerpt).toContain('xoxp-****');
    expect(finding?.excerpt).not.toContain('99999999999');
  });
});

describe('robustness', () => {
  it('never throws and returns well-formed findings on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500, unit: 'binary' }), (text) => {
        const report = guardOverrideLines([text]);
        expect(GuardReport.parse(report)).toEqual(report);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on shell-flavoured noise', () => {
    const shellish = fc.constantFrom(
      'rm',
      '-rf',
      '/',
      '|',
      ';',
      '&&',
      '$(',
      ')',
      '`',
      "'",
      '"',
      '\\',
      'sudo',
      'bash -c',
      'base64 -d',
      'sh',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${IFS}, on purpose
      '${IFS}',
      '\\x72',
      'kubectl',
      'delete',
      'ns',
      'curl',
      'xoxb-',
      'eyJ',
      '=',
      ' ',
      '\n',
      'cm0gLXJmIC8=',
    );
    fc.assert(
      fc.property(fc.array(shellish, { maxLength: 60 }), (parts) => {
        expect(() => guardText(parts.join(''))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  // Speed is not asserted here (see DESIGN: no timed assertions). The patterns are linear-time by
  // construction (see guard/match.ts); measured at about 10 ms for 10 kB of random or repetitive input.
  it('finishes on 10 kB of random and of repetitive hostile input', () => {
    const random =
      fc.sample(fc.string({ minLength: 10_000, maxLength: 10_000 }), { numRuns: 1, seed: 7 })[0] ?? '';
    for (const text of [
      random,
      'rm -rf '.repeat(1_500),
      'curl '.repeat(2_000),
      ' {a,'.repeat(2_500),
      'sh -'.repeat(2_500),
    ]) {
      expect(Array.isArray(guardText(text))).toBe(true);
    }
  });
});
