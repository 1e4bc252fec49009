/**
 * The first two lines of every prompt name the stage and the incident. They cost a few tokens, and
 * let the offline stub and the logs tell the calls apart without parsing the rest.
 */

export type PromptStage = 'triage' | `specialist:${string}` | 'rca' | 'plan';

export function stageHeader(stage: PromptStage, incidentId: string): string {
  return `stage: ${stage}\nincident: ${incidentId}`;
}

export function parseStageHeader(prompt: string): { stage: string; incidentId: string } | null {
  const match = /^stage: (\S+)\nincident: (\S+)/.exec(prompt);
  if (!match?.[1] || !match[2]) return null;
  return { stage: match[1], incidentId: match[2] };
}
