import { z } from 'zod';

const InstantVector = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(
      z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) }),
    ),
  }),
});

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** An instant query against Prometheus's HTTP API. */
export async function queryPrometheus(baseUrl: string, promql: string): Promise<Sample[]> {
  const response = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(promql)}`, {
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok)
    throw new Error(`prometheus answered ${response.status} to ${promql}: ${await response.text()}`);
  const parsed = InstantVector.parse(await response.json());
  return parsed.data.result.map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
}

/** The single value of a query that returns one series, or undefined when it returns none. */
export async function queryValue(baseUrl: string, promql: string): Promise<number | undefined> {
  const samples = await queryPrometheus(baseUrl, promql);
  return samples[0]?.value;
}
