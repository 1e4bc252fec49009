import { describe, expect, it } from 'vitest';
import type { RcaOutput } from '../../../src/agents/schemas.js';
import type { TelemetrySnapshot } from '../../../src/domain/telemetry.js';
import { incidentChart } from '../../../src/slack/outbox/incident-chart.js';

const telemetry: TelemetrySnapshot = {
  generatedAt: '2026-12-06T01:00:00.000Z',
  windowMinutes: 8,
  source: 'simulated',
  services: {
    worker: { service: 'worker', metrics: { memory_pct: [45, 60, 80, 92] }, logs: [], events: [] },
  },
};
const rca = (rootService: string): RcaOutput => ({
  rootService,
  fault: 'memory_leak',
  summary: 'memory leak',
  evidence: [],
  confidence: 80,
  explains: [],
});

describe('incidentChart', () => {
  it("charts the root cause's key series on its service", () => {
    expect(incidentChart(rca('worker'), telemetry)).toMatchObject({
      service: 'worker',
      metric: 'memory_pct',
      series: [45, 60, 80, 92],
    });
  });

  it('names the span the series covers, not its number of points (the lab reads a point a second)', () => {
    const chart = incidentChart(rca('worker'), telemetry);
    expect(chart?.windowMinutes).toBe(8);
    expect(chart?.line).toBe('`memory_pct` on worker ▁▃▆█ 45 → 92 (last 8 min)');
  });

  it('charts nothing for a root service named like an Object.prototype member (a model may say anything)', () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(incidentChart(rca(name), telemetry)).toBeUndefined();
    }
  });
});
