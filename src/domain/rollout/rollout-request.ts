import { z } from 'zod';

/**
 * What a rollout asks for, from `/change rollout <service> <version> [--phases 1,25,50,100]
 * [--bake 5m] [--previous <version>]` or `POST /api/changes` (the same fields as JSON). Pure.
 */
export const DEFAULT_PHASES: readonly number[] = [1, 25, 50, 100];
export const DEFAULT_BAKE_SECONDS = 300;
const MAX_BAKE_SECONDS = 6 * 3600;

export const RolloutVersion = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/,
    'a version is letters, digits, dots, dashes, + or _ (up to 64)',
  );

/** Percentages of the service, strictly rising, the last one 100. */
export const PhasePercents = z
  .array(z.number().int().min(1).max(100))
  .min(1)
  .max(10)
  .refine((phases) => phases.every((pct, index) => index === 0 || pct > (phases[index - 1] ?? 0)), {
    message: 'phases must rise, e.g. 1,25,50,100',
  })
  .refine((phases) => phases.at(-1) === 100, { message: 'the last phase must be 100 (the whole service)' });

export const RolloutRequest = z.strictObject({
  service: z.string().trim().min(1).max(100),
  version: RolloutVersion,
  previousVersion: RolloutVersion.optional(),
  phases: PhasePercents.default([...DEFAULT_PHASES]),
  bakeSeconds: z.number().int().min(1).max(MAX_BAKE_SECONDS).default(DEFAULT_BAKE_SECONDS),
});
export type RolloutRequest = z.output<typeof RolloutRequest>;

/**
 * What makes two requests the same rollout (the service as the catalog names it, the versions,
 * phases and bake): a pipeline's retry without an id of its own finds the change it opened.
 */
export function sameRolloutKey(service: string, request: RolloutRequest): string {
  const { version, previousVersion, phases, bakeSeconds } = request;
  return ['same', service, version, previousVersion ?? '', phases.join(','), String(bakeSeconds)].join('|');
}

/** `90s`, `5m`, `1h`, `1h30m` or plain seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(trimmed);
  if (!match || trimmed === '') return undefined;
  const [, hours, minutes, seconds] = match;
  return Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
}

export function parsePhases(text: string): number[] | undefined {
  const parts = text.split(',').map((part) => part.trim().replace(/%$/, ''));
  if (parts.some((part) => !/^\d{1,3}$/.test(part))) return undefined;
  return parts.map(Number);
}

export type ParsedRollout = { ok: true; request: RolloutRequest } | { ok: false; problem: string };

const FLAGS = ['--phases', '--bake', '--previous'] as const;

/** The words after `/change rollout`, checked as the API body is; a problem says what to type. */
export function parseRolloutArgs(words: readonly string[]): ParsedRollout {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const [flag, inline] = word.split('=', 2) as [string, string | undefined];
    if (!flag.startsWith('--')) {
      positional.push(word);
      continue;
    }
    if (!(FLAGS as readonly string[]).includes(flag))
      return { ok: false, problem: `unknown option \`${flag}\` (options: ${FLAGS.join(', ')})` };
    const value = inline ?? words[++index];
    if (value === undefined || value === '') return { ok: false, problem: `\`${flag}\` needs a value` };
    flags.set(flag, value);
  }
  if (positional.length !== 2)
    return {
      ok: false,
      problem: '`rollout` takes a service and a version, e.g. `/change rollout shop 2.4.0`',
    };
  const phasesText = flags.get('--phases');
  const phases = phasesText === undefined ? undefined : parsePhases(phasesText);
  if (phasesText !== undefined && phases === undefined)
    return {
      ok: false,
      problem: `\`--phases ${phasesText}\`: give percentages, e.g. \`--phases 1,25,50,100\``,
    };
  const bakeText = flags.get('--bake');
  const bakeSeconds = bakeText === undefined ? undefined : parseDurationSeconds(bakeText);
  if (bakeText !== undefined && bakeSeconds === undefined)
    return {
      ok: false,
      problem: `\`--bake ${bakeText}\`: give a duration such as \`30s\`, \`5m\` or \`1h\``,
    };
  const parsed = RolloutRequest.safeParse({
    service: positional[0],
    version: positional[1],
    ...(flags.has('--previous') ? { previousVersion: flags.get('--previous') } : {}),
    ...(phases ? { phases } : {}),
    ...(bakeSeconds !== undefined ? { bakeSeconds } : {}),
  });
  if (!parsed.success) return { ok: false, problem: requestProblem(parsed.error) };
  return { ok: true, request: parsed.data };
}

/** `phases: phases must rise, e.g. 1,25,50,100`: the first problem, said for a person. */
export function requestProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'the request is not valid';
  const field = issue.path.length > 0 ? issue.path.join('.') : 'request';
  const what = field === 'bakeSeconds' ? 'bake' : field;
  return `${what}: ${issue.message}`;
}
