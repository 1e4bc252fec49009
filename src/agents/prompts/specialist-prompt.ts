import type { SpecialistInput } from '../schemas.js';
import { faultCatalogLines, serviceLine } from './context-lines.js';
import { SPECIALIST_FOCUS } from './specialist-focus.js';
import { stageHeader } from './stage-header.js';
import { systemInstruction } from './system.js';
import { telemetryDigest } from './telemetry-digest.js';
import type { StagePrompt } from './types.js';

function specialistRole(kind: SpecialistInput['kind']): string {
  return [
    `Your role now: the ${kind} specialist. You look at ${SPECIALIST_FOCUS[kind]}.`,
    'Report what you see on every service, not only the reported one; leave other specialties to others.',
  ].join('\n');
}

export function specialistPrompt(input: SpecialistInput): StagePrompt {
  const user = [
    stageHeader(`specialist:${input.kind}`, input.incidentId),
    '',
    `Incident on system ${input.system}: ${JSON.stringify(input.issue)}`,
    `Reported service: ${serviceLine(input.service)}`,
    '',
    'Known faults:',
    faultCatalogLines(),
    '',
    telemetryDigest(input.telemetry),
    '',
    'Task:',
    `- kind: "${input.kind}".`,
    '- findings: one per abnormal signal in your specialty, strongest first; none when all is steady.',
    '  service: where the signal is; fault: the known fault it is the signature of, or null for a',
    '  symptom that a problem elsewhere explains; signal: the metric or log it rests on; evidence: the',
    '  numbers and log lines that show it, quoted; confidence: how sure you are of that fault there.',
    '- summary: one sentence on what you found.',
  ].join('\n');
  return { system: systemInstruction(specialistRole(input.kind)), user };
}
