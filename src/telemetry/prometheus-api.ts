import { z } from 'zod';
import { apiUrl, type Fetched, fetchJson } from './http-json.js';

/** Prometheus sends sample values as strings ("0.5", "NaN", "+Inf"). */
const Sample = z.tuple([z.number(), z.string()]);

const MatrixAnswer = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(Sample) })),
  }),
});

const VectorAnswer = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: Sample })),
  }),
});

export interface PromSeries {
  labels: Record<string, string>;
  /** [unix seconds, value]; NaN and infinities are dropped. */
  points: Array<[number, number]>;
}

export interface PrometheusClient {
  queryRange(
    promql: string,
    range: { start: Date; end: Date; stepSeconds: number },
    signal: AbortSignal,
  ): Promise<Fetched<PromSeries[]>>;
  /** One value per series at `at` (the monitor's "is it over the line right now"). */
  queryInstant(
    promql: string,
    at: Date,
    signal: AbortSignal,
  ): Promise<Fetched<Array<{ labels: Record<string, string>; value: number }>>>;
}

function finitePoints(values: ReadonlyArray<readonly [number, string]>): Array<[number, number]> {
  return values
    .map(([at, text]): [number, number] => [at, Number(text)])
    .filter(([, value]) => Number.isFinite(value));
}

const seconds = (date: Date) => (date.getTime() / 1000).toFixed(3);

export function createPrometheusClient(options: {
  baseUrl: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}): PrometheusClient {
  const fetchImpl = options.fetchImpl ?? fetch;
  const request = (path: string, params: Record<string, string>, signal: AbortSignal) => ({
    fetchImpl,
    url: apiUrl(options.baseUrl, path, params),
    signal,
    timeoutMs: options.timeoutMs,
  });
  return {
    async queryRange(promql, range, signal) {
      const params = {
        query: promql,
        start: seconds(range.start),
        end: seconds(range.end),
        step: `${range.stepSeconds}s`,
      };
      const answer = await fetchJson(request('api/v1/query_range', params, signal), MatrixAnswer);
      if (!answer.ok) return answer;
      return {
        ok: true,
        value: answer.value.data.result.map((series) => ({
          labels: series.metric,
          points: finitePoints(series.values),
        })),
      };
    },
    async queryInstant(promql, at, signal) {
      const answer = await fetchJson(
        request('api/v1/query', { query: promql, time: seconds(at) }, signal),
        VectorAnswer,
      );
      if (!answer.ok) return answer;
      return {
        ok: true,
        value: answer.value.data.result
          .map((series) => ({ labels: series.metric, value: Number(series.value[1]) }))
          .filter((series) => Number.isFinite(series.value)),
      };
    },
  };
}
