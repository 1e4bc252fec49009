import { z } from 'zod';
import { maskSecrets } from '../agents/guard/secrets.js';
import type { LogLine } from '../domain/telemetry.js';
import { apiUrl, fetchJson, mapWithLimit } from './http-json.js';
import { type QueryOutcome, serviceNotes } from './source-notes.js';

export interface LokiSourceOptions {
  baseUrl: string;
  /** Budget of one snapshot's queries together. */
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  /** LogQL with a `{service}` placeholder; by default the service's error and fatal lines. */
  query?: string;
  limit?: number;
  windowMinutes?: number;
  concurrency?: number;
}

export interface LogsPart {
  logs: Record<string, LogLine[]>;
  notes: string[];
}

export interface LokiSource {
  logs(services: readonly string[], now: Date): Promise<LogsPart>;
}

export const DEFAULT_LOGQL = '{service="{service}"} |~ "(?i)error|fatal"';

/** Loki's `query_range` answer for log queries: streams of [nanosecond timestamp, line]. */
const StreamsAnswer = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('streams'),
    result: z.array(
      z.object({
        stream: z.record(z.string(), z.string()),
        values: z.array(z.tuple([z.string().regex(/^\d+$/), z.string()])),
      }),
    ),
  }),
});

const MAX_MESSAGE_LENGTH = 500;

const LEVEL_WORDS: ReadonlyArray<readonly [RegExp, LogLine['level']]> = [
  [/^(fatal|panic|crit(ical)?|emerg(ency)?|alert)$/i, 'fatal'],
  [/^(error|err|eror)$/i, 'error'],
  [/^(warn|warning)$/i, 'warn'],
  [/^(info|notice|information)$/i, 'info'],
  [/^(debug|trace|dbug)$/i, 'debug'],
];

function levelFromWord(word: string | undefined): LogLine['level'] | undefined {
  if (word === undefined) return undefined;
  return LEVEL_WORDS.find(([pattern]) => pattern.test(word))?.[1];
}

/** The stream's level label if it has one, else the first level word in the line. */
function levelOf(stream: Record<string, string>, line: string): LogLine['level'] {
  const labelled = levelFromWord(stream.level ?? stream.detected_level ?? stream.severity);
  if (labelled) return labelled;
  for (const word of line.match(/[a-z]+/gi) ?? []) {
    const found = levelFromWord(word);
    if (found) return found;
  }
  return 'info';
}

function isoFromNanoseconds(nanoseconds: string): string {
  return new Date(Number(BigInt(nanoseconds) / 1_000_000n)).toISOString();
}

function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function createLokiSource(options: LokiSourceOptions): LokiSource {
  const fetchImpl = options.fetchImpl ?? fetch;
  const template = options.query ?? DEFAULT_LOGQL;
  const limit = options.limit ?? 100;
  const windowMs = (options.windowMinutes ?? 30) * 60_000;
  return {
    async logs(services, now) {
      const end = BigInt(now.getTime()) * 1_000_000n;
      const start = end - BigInt(windowMs) * 1_000_000n;
      const signal = AbortSignal.timeout(options.timeoutMs);
      const answers = await mapWithLimit(services, options.concurrency ?? 8, (service) => {
        const params = {
          query: template.replaceAll('{service}', labelValue(service)),
          start: String(start),
          end: String(end),
          limit: String(limit),
          direction: 'backward',
        };
        const url = apiUrl(options.baseUrl, 'loki/api/v1/query_range', params);
        return fetchJson({ fetchImpl, url, signal, timeoutMs: options.timeoutMs }, StreamsAnswer);
      });
      const logs: Record<string, LogLine[]> = {};
      const outcomes: Record<string, QueryOutcome[]> = {};
      for (const [index, service] of services.entries()) {
        const answer = answers[index];
        const outcome: QueryOutcome = { signal: 'logs', problem: undefined, empty: false, extra: 0 };
        outcomes[service] = [outcome];
        if (answer === undefined || !answer.ok) {
          outcome.problem = answer?.problem ?? 'not run';
          logs[service] = [];
          continue;
        }
        const lines = answer.value.data.result.flatMap(({ stream, values }) =>
          values.map(([nanoseconds, line]) => ({ nanoseconds: BigInt(nanoseconds), stream, line })),
        );
        // Newest `limit` lines across streams, then oldest first like the simulated estate's logs.
        lines.sort((a, b) => (a.nanoseconds < b.nanoseconds ? 1 : a.nanoseconds > b.nanoseconds ? -1 : 0));
        logs[service] = lines
          .slice(0, limit)
          .reverse()
          .map(({ nanoseconds, stream, line }) => ({
            at: isoFromNanoseconds(String(nanoseconds)),
            level: levelOf(stream, line),
            message: maskSecrets(line.trim()).slice(0, MAX_MESSAGE_LENGTH),
          }));
      }
      return { logs, notes: serviceNotes('loki', outcomes) };
    },
  };
}
