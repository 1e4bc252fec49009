import { describe, expect, it } from 'vitest';
import { stableFingerprint } from '../../../src/ingest/fingerprint.js';
import { normalizeDatadog } from '../../../src/ingest/normalizers/datadog.js';
import { normalizeGeneric } from '../../../src/ingest/normalizers/generic.js';
import { normalizePagerDuty } from '../../../src/ingest/normalizers/pagerduty.js';
import { alertFixture } from '../../support/alert-fixtures.js';
import { shapeError } from '../../support/shape-error.js';

const context = { receivedAt: '2026-03-01T12:00:00.000Z' };

describe('Datadog', () => {
  const triggered = alertFixture('datadog-keep-template-log-alert-triggered.json') as Record<string, unknown>;

  it('resolves on Recovered, with the same fingerprint as the Triggered delivery', () => {
    const recovered = {
      ...triggered,
      title: '[P2] [Recovered] Unauthorized access to API keep-api',
      alert_transition: 'Recovered',
      alert_type: 'success',
      date: '1733931038000',
      last_updated: '1733931038000',
    };
    const [first] = normalizeDatadog(triggered, context);
    const [last] = normalizeDatadog(recovered, context);
    expect(last).toMatchObject({
      status: 'resolved',
      endsAt: '2024-12-11T15:30:38.000Z',
      issue: first?.issue,
    });
    expect(last?.fingerprint).toBe(first?.fingerprint);
  });

  it('maps priority first, then alert_type; reads tag arrays, `transition` and epoch seconds', () => {
    const [alert] = normalizeDatadog(
      {
        alert_title: 'Disk almost full',
        transition: 'Warn',
        alert_type: 'warning',
        priority: 'P1',
        tags: ['service:postgres', 'env:prod'],
        date: 1733930738,
      },
      context,
    );
    expect(alert).toMatchObject({
      status: 'firing',
      severity: 'sev1',
      // As the tag says: the estate's directory maps names later, at ingest.
      system: 'postgres',
      labels: { service: 'postgres', env: 'prod' },
      startsAt: '2024-12-11T15:25:38.000Z',
      fingerprint: stableFingerprint('datadog', ['Disk almost full', '']),
    });
    const [noPriority] = normalizeDatadog({ title: 'x', alert_type: 'info' }, context);
    expect(noPriority).toMatchObject({ severity: 'sev3', system: 'unknown', startsAt: context.receivedAt });
  });

  it('requires a title and typed fields', () => {
    expect(shapeError(() => normalizeDatadog({ id: '1' })).issues[0]?.path).toEqual(['title']);
    expect(shapeError(() => normalizeDatadog({ title: 'x', tags: { a: 1 } })).issues[0]?.path).toEqual([
      'tags',
    ]);
  });
});

describe('PagerDuty', () => {
  const incident = (overrides: Record<string, unknown> = {}, eventType = 'incident.acknowledged') => ({
    event: {
      id: 'E1',
      event_type: eventType,
      resource_type: 'incident',
      occurred_at: '2026-03-01T11:59:00Z',
      data: { id: 'PX1', type: 'incident', title: 'Checkout errors', status: 'acknowledged', ...overrides },
    },
  });

  it('keeps an acknowledged incident firing, maps low urgency and a priority', () => {
    const [low] = normalizePagerDuty(incident({ urgency: 'low' }), context);
    expect(low).toMatchObject({ status: 'firing', severity: 'sev3', system: 'unknown', endsAt: null });
    expect(low?.fingerprint).toBe(stableFingerprint('pagerduty', ['PX1']));
    const [prioritized] = normalizePagerDuty(
      incident({ urgency: 'low', priority: { summary: 'P1' }, service: { summary: 'Auth' } }),
      context,
    );
    expect(prioritized).toMatchObject({ severity: 'sev1', system: 'auth', labels: { priority: 'P1' } });
  });

  it('gives no alert for events that are not about an incident', () => {
    expect(normalizePagerDuty({ event: { event_type: 'pagey.ping', data: null } }, context)).toEqual([]);
    const note = {
      event: { event_type: 'incident.annotated', data: { type: 'incident_note', content: 'hi' } },
    };
    expect(normalizePagerDuty(note, context)).toEqual([]);
  });

  it('reports paths inside event.data', () => {
    expect(shapeError(() => normalizePagerDuty({ messages: [] })).issues[0]?.path).toEqual(['event']);
    expect(shapeError(() => normalizePagerDuty(incident({ id: 42 }))).issues[0]?.path).toEqual([
      'event',
      'data',
      'id',
    ]);
  });
});

describe('generic', () => {
  it('takes one object with only system and issue', () => {
    expect(normalizeGeneric({ system: ' Postgres ', issue: 'replication lag' }, context)).toEqual([
      {
        source: 'generic',
        fingerprint: stableFingerprint('generic', ['postgres', 'replication lag']),
        status: 'firing',
        system: 'postgres',
        issue: 'replication lag',
        severity: 'sev2',
        labels: {},
        annotations: {},
        startsAt: context.receivedAt,
        endsAt: null,
        links: [],
        summary: undefined,
      },
    ]);
  });

  it('takes a batch with every optional field', () => {
    const alerts = normalizeGeneric(
      {
        alerts: [
          {
            system: 'api',
            issue: '5xx spike',
            severity: 'critical',
            status: 'resolved',
            fingerprint: 'my-own-id',
            labels: { region: 'eu' },
            annotations: { description: 'errors at 12%' },
            startsAt: '2026-03-01T11:00:00+01:00',
            endsAt: 1772366400000,
            links: ['https://status.example.com', 'ftp://nope'],
          },
          { system: 'cache', issue: 'evictions', severity: 'P4', summary: 'many evictions' },
        ],
      },
      context,
    );
    expect(alerts[0]).toMatchObject({
      fingerprint: 'my-own-id',
      severity: 'sev1',
      status: 'resolved',
      startsAt: '2026-03-01T10:00:00.000Z',
      endsAt: '2026-03-01T12:00:00.000Z',
      links: ['https://status.example.com'],
      summary: 'errors at 12%',
    });
    expect(alerts[1]).toMatchObject({ severity: 'sev3', summary: 'many evictions' });
  });

  it('reports missing fields and unknown severities with their paths', () => {
    expect(shapeError(() => normalizeGeneric({ issue: 'x' })).issues[0]?.path).toEqual(['system']);
    const error = shapeError(() =>
      normalizeGeneric({ alerts: [{ system: 'a', issue: 'b', severity: 'meh' }] }),
    );
    expect(error.issues[0]).toEqual({
      path: ['alerts', 0, 'severity'],
      message: expect.stringContaining('sev1'),
    });
  });
});
