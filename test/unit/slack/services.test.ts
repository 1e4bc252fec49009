import { describe, expect, it } from 'vitest';
import { validateView } from '../../../src/dev/slack-emulator/validate-view.js';
import type { HealthState } from '../../../src/domain/catalog/index.js';
import { checkMessageLimits } from '../../../src/slack/blocks/limits.js';
import {
  type ServiceHealthView,
  servicesHomeBlocks,
  servicesMessage,
} from '../../../src/slack/blocks/services.js';
import type { HomeView } from '../../../src/slack/blocks/slack-types.js';

const STATES: readonly HealthState[] = ['healthy', 'degraded', 'down', 'unknown'];

function service(index: number, state: HealthState = STATES[index % 4] ?? 'unknown'): ServiceHealthView {
  return {
    name: `svc-${index}`,
    state,
    owner: `team-${index % 3}`,
    tier: (index % 3) + 1,
    reasons: state === 'down' || state === 'degraded' ? [`error_rate_pct ${index} ≥ 5: ${state}`] : [],
    unmeasured:
      state === 'unknown'
        ? [`no data for up on svc-${index}: query max(up{service="svc-${index}"}) returned nothing`]
        : [],
  };
}

describe('/incident services', () => {
  it('lists each service with its state, owner and tier, and says what could not be measured', () => {
    const message = servicesMessage({ catalog: true, services: [0, 1, 2, 3].map((index) => service(index)) });
    expect(message).toMatchSnapshot();
    expect(message.text).toBe('4 services in your catalog: 1 down, 1 degraded, 1 unknown, 1 healthy');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('⚪ *svc-3* unknown · team-0 · tier 1');
    expect(text).toContain('no data for up on svc-3');
  });

  it('names the simulated estate when no catalog is configured', () => {
    expect(servicesMessage({ catalog: false, services: [service(0, 'healthy')] }).text).toBe(
      '1 services in the simulated estate (no WARROOM_CATALOG): 1 healthy',
    );
  });

  it('stays inside Slack limits with hundreds of services and long reasons', () => {
    const many = Array.from({ length: 400 }, (_, index) => ({
      ...service(index),
      reasons: Array.from({ length: 6 }, () => 'x'.repeat(2000)),
    }));
    expect(checkMessageLimits(servicesMessage({ catalog: true, services: many }), 'message')).toEqual([]);
    const home: HomeView = { type: 'home', blocks: servicesHomeBlocks(many) };
    expect(checkMessageLimits(home, 'home')).toEqual([]);
    expect(validateView(home, 'home')).toEqual([]);
  });

  it('puts the unhealthy and the unknown first on App Home', () => {
    const text = JSON.stringify(
      servicesHomeBlocks([service(0, 'healthy'), service(1, 'unknown'), service(2, 'down')]),
    );
    expect(text.indexOf('svc-2')).toBeLessThan(text.indexOf('svc-1'));
    expect(text.indexOf('svc-1')).toBeLessThan(text.indexOf('svc-0'));
  });
});
