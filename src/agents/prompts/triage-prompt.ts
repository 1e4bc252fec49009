import { DEFAULT_THRESHOLD, SPECIALISTS } from '../../domain/faults.js';
import type { TriageInput } from '../schemas.js';
import { serviceLine } from './context-lines.js';
import { SPECIALIST_FOCUS } from './specialist-focus.js';
import { stageHeader } from './stage-header.js';
import { systemInstruction } from './system.js';
import { telemetryDigest } from './telemetry-digest.js';
import type { StagePrompt } from './types.js';

const TRIAGE_ROLE = [
  'Your role now: triage. Decide how bad the incident is, which specialists should investigate,',
  'and whether the alert is a false positive. You do not diagnose the root cause yet.',
].join('\n');

export function triagePrompt(input: TriageInput): StagePrompt {
  const specialists = SPECIALISTS.map(
    (kind) =>
      `- ${kind} (runs at relevance ${input.thresholds[kind] ?? DEFAULT_THRESHOLD} or more): ${SPECIALIST_FOCUS[kind]}`,
  ).join('\n');
  const user = [
    stageHeader('triage', input.incidentId),
    '',
    `Alert on system ${input.system}, reported as ${input.sev}.`,
    `Issue: ${JSON.stringify(input.issue)}`,
    `Reported service: ${serviceLine(input.service)}`,
    '',
    'Specialists:',
    specialists,
    '',
    telemetryDigest(input.telemetry),
    '',
    'Task:',
    '- severity: the reported severity unless the telemetry clearly shows a wider or narrower impact.',
    '- category: the specialist whose signals lead.',
    '- scores: every specialist once, with a relevance from 0 to 100 and a one-line reason citing the signal.',
    '- selected: the specialists whose relevance meets their threshold; at least one.',
    '- falsePositive: likely only when no service shows an abnormal signal; evidence says what you checked.',
    '- summary: one sentence for the incident thread.',
  ].join('\n');
  return { system: systemInstruction(TRIAGE_ROLE), user };
}
