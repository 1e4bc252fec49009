import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  GEMINI_SCHEMA_KEYWORDS,
  type ReasoningStage,
  STAGE_SPECS,
} from '../../../../src/agents/gemini/index.js';
import {
  parseStageHeader,
  planPrompt,
  rcaPrompt,
  repairPrompt,
  SHARED_SYSTEM_TEXT,
  specialistPrompt,
  telemetryDigest,
  triagePrompt,
} from '../../../../src/agents/prompts/index.js';
import { SPECIALISTS } from '../../../../src/domain/faults.js';
import { stageInputs } from '../../../support/stage-inputs.js';

const inputs = stageInputs('INC-0042', { fault: 'slow', service: 'database', seed: 3 });
const STAGES = Object.keys(STAGE_SPECS) as ReasoningStage[];

type Json = { [keyword: string]: unknown };
const asJson = (value: unknown) => value as Json;

/**
 * The documented cleaning, checked node by node against zod's own output: kept keywords are
 * unchanged, `const` becomes a one-value `enum`, string lengths move into `description`, and
 * nothing outside GEMINI_SCHEMA_KEYWORDS survives.
 */
function expectCleanedFrom(raw: Json, cleaned: Json, path: string): void {
  const allowed: readonly string[] = GEMINI_SCHEMA_KEYWORDS;
  for (const keyword of Object.keys(cleaned)) expect(allowed, `${path}.${keyword}`).toContain(keyword);
  for (const [keyword, value] of Object.entries(raw)) {
    const at = `${path}.${keyword}`;
    if (keyword === 'properties') {
      const rawProperties = asJson(value);
      const cleanedProperties = asJson(cleaned.properties);
      expect(Object.keys(cleanedProperties), at).toEqual(Object.keys(rawProperties));
      for (const name of Object.keys(rawProperties)) {
        expectCleanedFrom(asJson(rawProperties[name]), asJson(cleanedProperties[name]), `${at}.${name}`);
      }
    } else if (keyword === 'items') expectCleanedFrom(asJson(value), asJson(cleaned.items), at);
    else if (keyword === 'anyOf') {
      const branches = value as Json[];
      const cleanedBranches = cleaned.anyOf as Json[];
      expect(cleanedBranches, at).toHaveLength(branches.length);
      branches.forEach((branch, index) => {
        expectCleanedFrom(branch, asJson(cleanedBranches[index]), `${at}.${index}`);
      });
    } else if (keyword === 'const') expect(cleaned.enum, at).toEqual([value]);
    else if (keyword === 'minLength' || keyword === 'maxLength') {
      if (keyword === 'maxLength' || (value as number) > 0) {
        expect(cleaned.description, at).toContain(String(value));
      }
    } else if (keyword === 'description') expect(String(cleaned.description), at).toMatch(String(value));
    else if (allowed.includes(keyword)) expect(cleaned[keyword], at).toEqual(value);
    else expect(cleaned, at).not.toHaveProperty(keyword);
  }
}

describe('prompts', () => {
  it('triage', () => {
    expect(triagePrompt({ ...inputs.triage, thresholds: { storage: 72, web: 55 } })).toMatchSnapshot();
  });

  it.each(SPECIALISTS)('specialist %s', (kind) => {
    expect(specialistPrompt(inputs.specialist(kind))).toMatchSnapshot();
  });

  it('rca', () => {
    expect(rcaPrompt(inputs.rca)).toMatchSnapshot();
  });

  it('plan', () => {
    expect(planPrompt(inputs.plan)).toMatchSnapshot();
  });

  it('plan after "request changes", with the previous plan and the feedback', () => {
    const previous = [
      {
        id: 'a1',
        kind: 'increase_pool' as const,
        target: 'database',
        description: 'Raise the connection pool limit on database',
        risk: 'low' as const,
        blastRadius: 'more connections on the database',
        rollback: 'restore the previous pool size',
      },
    ];
    expect(
      planPrompt({ ...inputs.plan, previous, feedback: 'avoid the pool change, restart instead' }),
    ).toMatchSnapshot();
  });

  it('plan for an unknown fault', () => {
    const rca = { ...inputs.plan.rca, fault: 'unknown' as const, confidence: 30 };
    expect(planPrompt({ ...inputs.plan, rca }).user).toContain('a manual investigation step');
  });

  it('gives the planner what people decided on this fault before', () => {
    const history = ['increase_pool: +6: approved 5 of 5 times for slow on database'];
    const user = planPrompt({ ...inputs.plan, history }).user;
    expect(user).toContain('What people decided on this fault before');
    expect(user).toContain(history[0]);
  });

  it('shared system text and the repair turn', () => {
    expect(SHARED_SYSTEM_TEXT).toMatchSnapshot();
    expect(repairPrompt('rootService: expected string, received undefined')).toMatchSnapshot();
  });

  it('every prompt opens with the stage header the stub parses, and every system text with the shared text', () => {
    const prompts = {
      triage: triagePrompt(inputs.triage),
      'specialist:network': specialistPrompt(inputs.specialist('network')),
      rca: rcaPrompt(inputs.rca),
      plan: planPrompt(inputs.plan),
    };
    for (const [stage, prompt] of Object.entries(prompts)) {
      expect(parseStageHeader(prompt.user)).toEqual({ stage, incidentId: 'INC-0042' });
      expect(prompt.system.startsWith(SHARED_SYSTEM_TEXT)).toBe(true);
    }
  });

  it('summarizes telemetry instead of sending the raw series', () => {
    const digest = telemetryDigest(inputs.triage.telemetry);
    const raw = JSON.stringify(inputs.triage.telemetry);
    expect(digest.length).toBeLessThan(raw.length / 3);
    expect(digest).toContain('pool_used_pct');
    expect(digest).toContain('connection pool exhausted');
    const series = inputs.triage.telemetry.services.database?.metrics.latency_p99_ms ?? [];
    expect(digest).not.toContain(series.slice(0, 5).join(','));
  });
});

describe('response JSON schema per stage', () => {
  it.each(STAGES)('%s: snapshot', (stage) => {
    expect(STAGE_SPECS[stage].responseJsonSchema).toMatchSnapshot();
  });

  it.each(STAGES)('%s: z.toJSONSchema of the zod output schema after the documented cleaning', (stage) => {
    const spec = STAGE_SPECS[stage];
    const raw = asJson(z.toJSONSchema(spec.schema));
    expect(raw.$schema).toBeDefined();
    expect(spec.responseJsonSchema).not.toHaveProperty('$schema');
    expectCleanedFrom(raw, asJson(spec.responseJsonSchema), stage);
  });
});
