import { type ProcessEvidence, processSource } from '../domain/process-evidence.js';

/** supervisord's word on a program, as the lines a person (or the model) reads. Pure. */
export function processEvidenceLines(evidence: ProcessEvidence, logLines = 6): string[] {
  if (!evidence.available) return [`${processSource(evidence)}: unavailable: ${evidence.reason}`];
  const exit = evidence.state === 'RUNNING' ? '' : `, last exit status ${evidence.exitStatus}`;
  const spawn = evidence.spawnError ? `, spawn error: ${evidence.spawnError}` : '';
  return [
    `${processSource(evidence)}, read ${evidence.readAt}: ${evidence.state}${exit}${spawn}`,
    ...evidence.logTail.slice(-logLines).map((line) => `log: ${line}`),
  ];
}
