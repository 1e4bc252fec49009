import { describe, expect, it } from 'vitest';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import { taskChunk } from '../../../src/slack/blocks/plan-tasks.js';
import { planOf, progressMessage } from '../../../src/slack/blocks/progress.js';
import { promqlSources } from '../../../src/slack/outbox/promql-sources.js';
import { progress } from './views.js';

const EVIDENCE = [
  'error_rate 35 % on api',
  'PromQL for error_rate on api: sum(rate(http_requests_total{service="api",code=~"5.."}[5m]))',
];

describe("the PromQL behind the root cause, as the RCA task card's sources", () => {
  it('links each quoted query to the Prometheus graph of the same query, and nothing without a Prometheus', () => {
    expect(promqlSources(EVIDENCE, 'http://127.0.0.1:9090/')).toEqual([
      {
        url: `http://127.0.0.1:9090/graph?g0.expr=${encodeURIComponent('sum(rate(http_requests_total{service="api",code=~"5.."}[5m]))')}&g0.tab=0`,
        text: 'error_rate on api',
      },
    ]);
    expect(promqlSources(EVIDENCE, undefined)).toEqual([]);
    expect(promqlSources(['error_rate 35 % on api'], 'http://127.0.0.1:9090')).toEqual([]);
  });

  it('shows them on the task card and in its streamed chunk alike, within the limits', () => {
    const sources = { rca: promqlSources(EVIDENCE, 'http://127.0.0.1:9090') };
    const view = { ...progress, sources };
    const rca = planOf(view).tasks.find((task) => task.id === 'rca');
    expect(rca && taskChunk(rca).sources).toEqual([
      { type: 'url', url: sources.rca[0]?.url, text: 'error_rate on api' },
    ]);
    const message = progressMessage(view);
    expect(JSON.stringify(message.blocks)).toContain('"text":"error_rate on api"');
    expect(checkMessageLimits(message, 'message')).toEqual([]);
  });
});
