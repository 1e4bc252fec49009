import { describe, expect, it } from 'vitest';
import {
  type ChangeNote,
  changeEvidence,
  changeFromWebhook,
  changesBefore,
} from '../../../src/domain/change.js';
import { isPageable, pagePlan, pagerDutyBody, pageWebhookBody } from '../../../src/domain/paging.js';
import {
  parseSilenceDuration,
  parseSilenceId,
  type Silence,
  silencesToEnd,
  silenceVerdict,
} from '../../../src/domain/silence.js';

const NOW = new Date('2026-12-06T08:00:00.000Z');

const silence: Silence = {
  id: 'SIL-0001',
  target: 'Payments',
  by: 'U0SRE',
  createdAt: '2026-12-06T07:00:00.000Z',
  until: '2026-12-06T09:00:00.000Z',
};

function alert(system: string, severity: 'sev1' | 'sev2' = 'sev2', alertname = 'HighErrorRate') {
  return { system, issue: alertname, labels: { alertname }, severity };
}

describe('silences', () => {
  it('reads durations up to a week and refuses the rest', () => {
    expect(parseSilenceDuration('90s')).toBe(90);
    expect(parseSilenceDuration('30m')).toBe(1800);
    expect(parseSilenceDuration('2H')).toBe(7200);
    expect(parseSilenceDuration('7d')).toBe(604_800);
    for (const bad of ['8d', '0m', '2', 'h', '1.5h', '-1h', ''])
      expect(parseSilenceDuration(bad)).toBeUndefined();
  });

  it('holds a matching alert by service or alert name, opens a sev1 marked silenced, and lets the rest through', () => {
    expect(silenceVerdict(alert('payments'), [silence], NOW)).toEqual({ kind: 'hold', silence });
    expect(silenceVerdict(alert('checkout', 'sev2', 'payments'), [silence], NOW).kind).toBe('hold');
    expect(silenceVerdict(alert('payments', 'sev1'), [silence], NOW)).toEqual({
      kind: 'open-silenced',
      silence,
    });
    expect(silenceVerdict(alert('checkout'), [silence], NOW)).toEqual({ kind: 'open' });
    const byName = { ...silence, target: 'HighErrorRate' };
    expect(silenceVerdict(alert('checkout'), [byName], NOW).kind).toBe('hold');
  });

  it('finds the silences /incident unsilence ends: by id, or every active one on a service or alert name', () => {
    expect(parseSilenceId('sil-7')).toBe('SIL-0007');
    expect(parseSilenceId('SIL-0012')).toBe('SIL-0012');
    expect(parseSilenceId('payments')).toBeUndefined();
    const second = { ...silence, id: 'SIL-0002', target: 'payments' };
    const byName = { ...silence, id: 'SIL-0003', target: 'HighErrorRate' };
    const expired = { ...silence, id: 'SIL-0004', until: '2026-12-06T07:30:00.000Z' };
    const all = [silence, second, byName, expired];
    expect(silencesToEnd(all, 'SIL-1', NOW)).toEqual([silence]);
    expect(silencesToEnd(all, 'PAYMENTS', NOW)).toEqual([silence, second]);
    expect(silencesToEnd(all, 'higherrorrate', NOW)).toEqual([byName]);
    expect(silencesToEnd(all, 'sil-4', NOW)).toEqual([]);
    expect(silencesToEnd(all, 'checkout', NOW)).toEqual([]);
  });

  it('stops holding once the silence ends', () => {
    expect(silenceVerdict(alert('payments'), [silence], new Date(silence.until))).toEqual({ kind: 'open' });
  });
});

describe('changes', () => {
  const change = (service: string, minutesBefore: number, version = '2.5.0'): ChangeNote => ({
    id: `${service}-${version}`,
    service,
    version,
    previousVersion: '2.4.9',
    author: 'ci',
    at: new Date(NOW.getTime() - minutesBefore * 60_000).toISOString(),
    source: 'webhook',
  });
  const graph = { checkout: ['payments'], payments: ['database'], database: [], search: [] };

  it('names changes on the service and on what it depends on, newest first, within the window and before the incident', () => {
    const changes = [
      change('database', 20, '15.4'),
      change('payments', 3),
      change('search', 1),
      change('payments', 90, '2.4.9'),
      change('checkout', -2, '9.9.9'),
    ];
    const named = changesBefore(changes, 'checkout', graph, NOW, 3600_000);
    expect(named.map((entry) => `${entry.service} ${entry.version}`)).toEqual([
      'payments 2.5.0',
      'database 15.4',
    ]);
    expect(changesBefore(changes, 'database', graph, NOW, 3600_000).map((entry) => entry.service)).toEqual([
      'database',
    ]);
  });

  it('takes service names from alerts as data, never as keys of an object', () => {
    const changes = [change('payments', 3)];
    expect(changesBefore(changes, 'constructor', graph, NOW, 3600_000)).toEqual([]);
    expect(changesBefore(changes, '__proto__', graph, NOW, 3600_000)).toEqual([]);
  });

  it('says what changed and when in the RCA evidence', () => {
    expect(changeEvidence([change('payments', 3)], NOW.toISOString())).toEqual([
      'change: payments 2.5.0 rolled out 3 min before (from 2.4.9, by ci)',
    ]);
    expect(changeEvidence(undefined, NOW.toISOString())).toEqual([]);
  });

  it('keeps one id for a redelivered webhook and names the service as the catalog does', () => {
    const body = {
      service: 'Payments API',
      version: '2.5.0',
      previousVersion: '2.4.9',
      url: 'https://ci.example/run/42',
    };
    const first = changeFromWebhook(body, NOW, (name) => (name === 'Payments API' ? 'payments' : undefined));
    const again = changeFromWebhook(body, new Date(NOW.getTime() + 5000), (name) =>
      name === 'Payments API' ? 'payments' : undefined,
    );
    expect(first.service).toBe('payments');
    expect(again.id).toBe(first.id);
    expect(changeFromWebhook({ service: 'Payments API', version: '1' }, NOW).service).toBe('payments-api');
  });
});

describe('paging', () => {
  it('pages an escalated incident at once, a sev1 waiting for approval after the delay, nothing else', () => {
    expect(pagePlan({ route: 'escalate', sev: 'sev3', pageAfterSeconds: 300 })).toEqual({
      reason: 'low_confidence',
      delayMs: 0,
    });
    expect(pagePlan({ route: 'approval', sev: 'sev1', pageAfterSeconds: 300 })).toEqual({
      reason: 'sev1_waiting',
      delayMs: 300_000,
    });
    expect(pagePlan({ route: 'approval', sev: 'sev2', pageAfterSeconds: 300 })).toBeUndefined();
    expect(pagePlan({ route: 'auto', sev: 'sev1', pageAfterSeconds: 300 })).toBeUndefined();
  });

  it('never pages for a simulated or silenced incident', () => {
    const catalog = { real: true };
    const simulation = { real: false };
    expect(isPageable({ source: 'alert', system: 'payments' }, catalog)).toBe(true);
    expect(isPageable({ source: 'manual', system: 'payments' }, catalog)).toBe(true);
    expect(isPageable({ source: 'monitor', system: 'payments' }, catalog)).toBe(true);
    // The monitor of the simulated estate watches simulated services: what it sees is a rehearsal.
    expect(isPageable({ source: 'monitor', system: 'api' }, simulation)).toBe(false);
    expect(isPageable({ source: 'alert', system: 'api' }, simulation)).toBe(true);
    expect(isPageable({ source: 'inject', system: 'api' }, simulation)).toBe(false);
    expect(isPageable({ source: 'alert', system: 'sim:api' }, catalog)).toBe(false);
    const silenced = { id: 'SIL-0001', target: 'x', until: NOW.toISOString() };
    expect(isPageable({ source: 'alert', system: 'payments', silenced }, catalog)).toBe(false);
  });

  it('builds the Events API v2 trigger and resolve, and the generic webhook body', () => {
    const event = {
      action: 'trigger' as const,
      dedupKey: 'warroom-INC-0007',
      incidentId: 'INC-0007',
      summary: 'INC-0007 · sev1 · payments: PaymentsDown',
      sev: 'sev1' as const,
      service: 'payments',
      owner: 'team-payments',
      reason: 'sev1_waiting' as const,
      link: 'https://slack.com/archives/C0INC/p1700000000000100',
    };
    expect(pagerDutyBody('R0UTING', event)).toEqual({
      routing_key: 'R0UTING',
      event_action: 'trigger',
      dedup_key: 'warroom-INC-0007',
      payload: {
        summary: 'INC-0007 · sev1 · payments: PaymentsDown',
        source: 'payments',
        severity: 'critical',
        component: 'payments',
        group: 'team-payments',
        class: 'sev1_waiting',
        custom_details: {
          incident: 'INC-0007',
          why: 'a sev1 is waiting for a decision',
          owner: 'team-payments',
        },
      },
      client: 'Warroom',
      client_url: event.link,
      links: [{ href: event.link, text: 'INC-0007 in Slack' }],
    });
    expect(pagerDutyBody('R0UTING', { ...event, action: 'resolve' })).toEqual({
      routing_key: 'R0UTING',
      event_action: 'resolve',
      dedup_key: 'warroom-INC-0007',
    });
    expect(pageWebhookBody({ ...event, action: 'resolve' })).toMatchObject({
      status: 'resolved',
      dedupKey: 'warroom-INC-0007',
      link: event.link,
    });
  });
});
