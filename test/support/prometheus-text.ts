export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromExposition {
  /** Metric family name → its `# TYPE`. */
  types: Map<string, string>;
  samples: PromSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

/** A strict reader of the Prometheus text format (0.0.4): any line it cannot read throws. */
export function parsePrometheusText(text: string): PromExposition {
  const types = new Map<string, string>();
  const samples: PromSample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') types.set(comment[2] ?? '', comment[3] ?? '');
      continue;
    }
    const sample = SAMPLE.exec(line);
    const value = sample ? parseValue(sample[3] ?? '') : undefined;
    if (!sample || value === undefined) throw new Error(`line ${index + 1} is not Prometheus text: ${line}`);
    samples.push({ name: sample[1] ?? '', labels: parseLabels(sample[2] ?? '', line), value });
  }
  return { types, samples };
}

/** Like Prometheus (Go's ParseFloat): `Inf` and `NaN` in any case, so prom-client's `Nan` too. */
function parseValue(text: string): number | undefined {
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text) ? Number(text) : undefined;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match || LABEL.lastIndex === start) throw new Error(`unreadable labels in: ${line}`);
    labels[match[1] ?? ''] = (match[2] ?? '').replace(/\\(["\\n])/g, (_, c: string) =>
      c === 'n' ? '\n' : c,
    );
  }
  return labels;
}

/** Samples of one series whose labels include `labels`. */
export function samplesOf(
  exposition: PromExposition,
  name: string,
  labels: Record<string, string> = {},
): PromSample[] {
  return exposition.samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/**
 * Every sample keyed as Prometheus prints a series, labels sorted: `warroom_incidents{status="Resolved"}`,
 * so a test can check many series in one `toMatchObject`.
 */
export function seriesValues(exposition: PromExposition): Record<string, number> {
  return Object.fromEntries(
    exposition.samples.map((sample) => {
      const labels = Object.entries(sample.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => `${key}="${value}"`);
      return [labels.length > 0 ? `${sample.name}{${labels.join(',')}}` : sample.name, sample.value];
    }),
  );
}
