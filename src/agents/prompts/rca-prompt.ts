import type { RcaInput, SpecialistOutput } from '../schemas.js';
import { graphLines, serviceLine } from './context-lines.js';
import { stageHeader } from './stage-header.js';
import { systemInstruction } from './system.js';
import type { StagePrompt } from './types.js';

const RCA_ROLE = [
  "Your role now: root-cause analysis. Combine the specialists' findings into one diagnosis.",
  'A fault on a service that others call explains their symptoms; prefer the cause furthest upstream',
  'that the evidence supports, and lower your confidence when findings disagree.',
].join('\n');

function findingLines(report: SpecialistOutput): string {
  const lines = report.findings.map(
    (finding) =>
      `  - ${finding.service}: ${finding.fault ?? 'symptom'} (${finding.confidence}) ${finding.signal}: ${finding.summary}` +
      (finding.evidence.length > 0 ? ` [${finding.evidence.join(' | ')}]` : ''),
  );
  return [`- ${report.kind}: ${report.summary}`, ...lines].join('\n');
}

export function rcaPrompt(input: RcaInput): StagePrompt {
  const findings = input.findings.length > 0 ? input.findings.map(findingLines).join('\n') : '- none';
  const user = [
    stageHeader('rca', input.incidentId),
    '',
    `Incident on system ${input.system}: ${JSON.stringify(input.issue)}`,
    `Reported service: ${serviceLine(input.service)}`,
    '',
    'Specialist reports (fault or symptom, confidence, signal, summary, [evidence]):',
    findings,
    '',
    'Dependency graph (a service calls the services listed after it):',
    graphLines(input.graph),
    '',
    'Task:',
    '- rootService and fault: where the incident starts and which known fault it is; fault "unknown"',
    '  (confidence 40 or less) when no finding names one.',
    '- explains: the other services whose symptoms this root cause accounts for.',
    '- evidence: the lines that support the diagnosis, quoted from the reports.',
    '- summary: one sentence for the incident thread.',
  ].join('\n');
  return { system: systemInstruction(RCA_ROLE), user };
}
