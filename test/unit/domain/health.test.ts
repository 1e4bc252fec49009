import { describe, expect, it } from 'vitest';
import { initialEstate } from '../../../src/sim/estate/estate-state.js';
import { estateHealth, healthStatus, serviceHealth } from '../../../src/sim/estate/health.js';
import { SERVICE_NAMES } from '../../../src/sim/services.js';
import { estateWith } from './estate-fixtures.js';

describe('health', () => {
  it('a healthy estate scores 100 everywhere', () => {
    const health = estateHealth(initialEstate());
    expect(health).toMatchObject({ score: 100, status: 'healthy' });
    for (const name of SERVICE_NAMES) expect(health.services[name].reasons).toEqual([]);
  });

  it('maps scores to statuses', () => {
    expect([healthStatus(95), healthStatus(60), healthStatus(20)]).toEqual(['healthy', 'degraded', 'down']);
  });

  it('a crash takes its service down and names the reason', () => {
    const health = serviceHealth(estateWith('crash', 'api'), 'api');
    expect(health.status).toBe('down');
    expect(health.reasons[0]).toMatch(/crash on 100 % of instances/);
  });

  it('a slow database shows on its callers, attenuated with distance', () => {
    const state = estateWith('slow', 'database');
    const database = serviceHealth(state, 'database');
    const api = serviceHealth(state, 'api');
    const edge = serviceHealth(state, 'web-edge');
    expect(database.score).toBeLessThan(api.score);
    expect(api.score).toBeLessThan(edge.score);
    expect(edge.score).toBeLessThan(100);
    expect(api.reasons).toContain('inherits slow from database, 1 hop upstream (-23)');
    expect(edge.reasons[0]).toMatch(/2 hops upstream/);
    expect(serviceHealth(state, 'cache').score).toBe(100);
  });

  it('a network partition degrades every service', () => {
    const health = estateHealth(estateWith('network_partition', 'network'));
    for (const name of SERVICE_NAMES) expect(health.services[name].score).toBeLessThan(100);
    expect(health.status).toBe('degraded');
  });
});
