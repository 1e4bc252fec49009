import { z } from 'zod';

export const IncidentId = z.string().regex(/^INC-\d{4,}$/, 'incident ids look like INC-0007');
export type IncidentId = z.infer<typeof IncidentId>;

export function formatIncidentId(sequence: number): IncidentId {
  return `INC-${String(sequence).padStart(4, '0')}`;
}

/** Accepts `INC-0007`, `inc-7` or `7` as a person would type it. */
export function parseIncidentId(input: string): IncidentId | undefined {
  const match = /^(?:inc-?)?(\d{1,9})$/i.exec(input.trim());
  if (!match?.[1]) return undefined;
  return formatIncidentId(Number(match[1]));
}
