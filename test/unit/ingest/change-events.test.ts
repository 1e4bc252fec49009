import { describe, expect, it } from 'vitest';
import { changeLine } from '../../../src/domain/change.js';
import { changeFromDelivery } from '../../../src/ingest/change-events.js';
import { normalizeDelivery } from '../../../src/ingest/normalize-delivery.js';
import {
  ALERT_FIXTURES,
  alertFixture,
  alertFixtureSource,
  changeFixture,
} from '../../support/alert-fixtures.js';

const RECEIVED = { receivedAt: '2026-12-06T10:00:00.000Z' };

describe('deploy events on the alert webhooks, from real payloads', () => {
  it("records PagerDuty's Events API v2 change event as a change (the build agent as the service, the build as the version)", () => {
    const change = changeFromDelivery(
      'pagerduty',
      changeFixture('pagerduty-events-v2-change-event.json'),
      RECEIVED,
    );
    expect(change).toEqual({
      id: 'pagerduty|acme-build-pipeline-tool-default-i-9999|build 2|2',
      service: 'acme-build-pipeline-tool-default-i-9999',
      version: 'build 2',
      url: 'https://acme.pagerduty.dev/build/2',
      at: '2020-07-17T08:42:58.315Z',
      source: 'alert',
    });
  });

  it('names the catalog service when the change event names one of its aliases', () => {
    const change = changeFromDelivery('pagerduty', changeFixture('pagerduty-events-v2-change-event.json'), {
      ...RECEIVED,
      resolveService: (name) => (name.startsWith('acme-build-pipeline') ? 'build-farm' : undefined),
    });
    expect(change?.service).toBe('build-farm');
  });

  it("records a pipeline's plain deploy notice on the generic webhook, its author from the details", () => {
    const change = changeFromDelivery('generic', changeFixture('generic-deployment-event.json'), RECEIVED);
    expect(change).toEqual({
      id: 'generic|web-api|v2.1.0|2025-10-12T14:30:00.000Z',
      service: 'web-api',
      version: 'v2.1.0',
      author: 'john.doe',
      at: '2025-10-12T14:30:00.000Z',
      source: 'alert',
    });
    expect(changeLine(change ?? expect.fail('no change'), '2025-10-12T14:33:00.000Z')).toBe(
      'web-api v2.1.0 rolled out 3 min before (by john.doe)',
    );
  });

  it('takes no real alert payload for a change (each still normalizes to its alerts)', () => {
    for (const name of ALERT_FIXTURES) {
      const source = alertFixtureSource(name);
      expect(changeFromDelivery(source, alertFixture(name), RECEIVED), name).toBeUndefined();
      expect(normalizeDelivery(source, alertFixture(name), RECEIVED).alerts.length, name).toBeGreaterThan(0);
    }
  });

  it('leaves alone what is not a deploy: a generic alert, an event that is no deploy, a trigger event', () => {
    const deploy = changeFixture('generic-deployment-event.json') as Record<string, unknown>;
    expect(changeFromDelivery('generic', { ...deploy, event_type: 'backup' }, RECEIVED)).toBeUndefined();
    expect(changeFromDelivery('generic', { ...deploy, version: '' }, RECEIVED)).toBeUndefined();
    expect(
      changeFromDelivery('generic', { system: 'api', issue: 'deploy failed' }, RECEIVED),
    ).toBeUndefined();
    const pd = changeFixture('pagerduty-events-v2-change-event.json') as Record<string, unknown>;
    expect(changeFromDelivery('pagerduty', { ...pd, event_action: 'trigger' }, RECEIVED)).toBeUndefined();
    expect(changeFromDelivery('alertmanager', deploy, RECEIVED)).toBeUndefined();
  });

  it('prefers the details a deploy tool gives: version, previous version, author, and a hostile link dropped', () => {
    const pd = changeFixture('pagerduty-events-v2-change-event.json') as { payload: Record<string, unknown> };
    const change = changeFromDelivery(
      'pagerduty',
      {
        ...pd,
        payload: {
          ...pd.payload,
          custom_details: { service: 'Payments', version: '2.5.0', previous_version: '2.4.9', user: 'ci' },
        },
        links: [{ href: 'javascript:alert(1)' }],
      },
      RECEIVED,
    );
    expect(change).toMatchObject({
      service: 'payments',
      version: '2.5.0',
      previousVersion: '2.4.9',
      author: 'ci',
    });
    expect(change?.url).toBeUndefined();
  });
});
