import { describe, expect, it } from 'vitest';
import type { TelemetrySnapshot } from '../../../src/domain/telemetry.js';
import {
  firstCrossing,
  metricStats,
  recentEvents,
  searchLogs,
  sparkline,
} from '../../../src/domain/telemetry-tools.js';

const snapshot: TelemetrySnapshot = {
  generatedAt: '2025-03-01T12:00:00.000Z',
  windowMinutes: 8,
  source: 'simulated',
  services: {
    api: {
      service: 'api',
      metrics: { memory_pct: [40, 45, 44, 46, 60, 75, 88, 92] },
      logs: [
        { at: '2025-03-01T11:58:00.000Z', level: 'warn', message: 'GC overhead: 40 %' },
        { at: '2025-03-01T11:59:00.000Z', level: 'info', message: 'health check passed' },
      ],
      events: [
        { at: '2025-03-01T11:50:00.000Z', type: 'deploy', message: 'deployed api 2.5.0' },
        { at: '2025-03-01T11:55:00.000Z', type: 'alert', message: 'memory above 85 %' },
      ],
    },
  },
};

describe('telemetry tools', () => {
  it('knows nothing of services named like Object.prototype members (alerts may name them)', () => {
    for (const service of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(metricStats(snapshot, service, 'memory_pct')).toBeNull();
      expect(searchLogs(snapshot, service, 'gc')).toEqual([]);
      expect(recentEvents(snapshot, service)).toEqual([]);
    }
  });

  it('metricStats: latest, baseline from the first quarter, peak and delta', () => {
    expect(metricStats(snapshot, 'api', 'memory_pct')).toEqual({
      latest: 92,
      baseline: 44,
      peak: 92,
      delta: 48,
      series: [40, 45, 44, 46, 60, 75, 88, 92],
    });
    expect(metricStats(snapshot, 'api', 'disk_pct')).toBeNull();
    expect(metricStats(snapshot, 'nope', 'memory_pct')).toBeNull();
  });

  it('searchLogs by substring (case-insensitive) or regular expression', () => {
    expect(searchLogs(snapshot, 'api', 'gc overhead')).toHaveLength(1);
    expect(searchLogs(snapshot, 'api', /health|GC/g)).toHaveLength(2);
    expect(searchLogs(snapshot, 'nope', 'x')).toEqual([]);
  });

  it('recentEvents newest first, optionally by type', () => {
    expect(recentEvents(snapshot, 'api').map((event) => event.type)).toEqual(['alert', 'deploy']);
    expect(recentEvents(snapshot, 'api', 'deploy')).toHaveLength(1);
  });

  it('firstCrossing gives when the latest run above a threshold began', () => {
    expect(firstCrossing(snapshot, 'api', 'memory_pct', 70)).toBe('2025-03-01T11:58:00.000Z');
    expect(firstCrossing(snapshot, 'api', 'memory_pct', 95)).toBeNull();
  });

  it('sparkline draws one bar per point', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([3, 3])).toBe('▁▁');
    expect(sparkline([])).toBe('');
  });
});
