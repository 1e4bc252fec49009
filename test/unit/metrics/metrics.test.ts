import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../../src/domain/status.js';
import { STAGE_FAMILIES, stageFamily } from '../../../src/metrics/labels.js';
import { createMetrics, type Metrics } from '../../../src/metrics/metrics.js';
import { parsePrometheusText, samplesOf, seriesValues } from '../../support/prometheus-text.js';

async function scrape(metrics: Metrics) {
  const { contentType, body } = await metrics.render();
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(body);
}

describe('metrics: stage families', () => {
  it('folds round, specialist and fixer keys into their family', () => {
    expect(stageFamily('specialist:web')).toBe('specialist');
    expect(stageFamily('plan:r2')).toBe('plan');
    expect(stageFamily('fix:compute:r3')).toBe('fix');
    expect(stageFamily('verify')).toBe('verify');
    expect(stageFamily('resolve')).toBe('other');
    expect(STAGE_FAMILIES).toHaveLength(10);
  });
});

describe('metrics: the rendered text', () => {
  it('declares every Warroom series and the process metrics, and parses', async () => {
    const { types } = await scrape(createMetrics());
    expect(Object.fromEntries([...types].filter(([name]) => name.startsWith('warroom_')))).toEqual({
      warroom_incidents: 'gauge',
      warroom_queue_jobs: 'gauge',
      warroom_stage_duration_seconds: 'histogram',
      warroom_model_calls_total: 'counter',
      warroom_job_failures_total: 'counter',
      warroom_ingest_placements_total: 'counter',
      warroom_slack_calls_total: 'counter',
      warroom_webhook_requests_total: 'counter',
      warroom_webhook_alerts_total: 'counter',
      warroom_metrics_provider_failures_total: 'counter',
    });
    expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
  });

  it('observes stage durations in seconds by family and engine, and counts model calls and fallbacks', async () => {
    const metrics = createMetrics();
    metrics.observeStage('triage', 40, 'rules');
    metrics.observeStage('specialist:web', 1500, 'model');
    metrics.observeStage('specialist:storage', 700, 'rules', true);
    metrics.observeStage('plan:r2', 3, 'model');
    metrics.observeStage('intake', 1);
    const exposition = await scrape(metrics);

    expect(seriesValues(exposition)).toMatchObject({
      'warroom_stage_duration_seconds_count{engine="model",stage="specialist"}': 1,
      'warroom_stage_duration_seconds_sum{engine="model",stage="specialist"}': 1.5,
      'warroom_stage_duration_seconds_bucket{engine="rules",le="0.025",stage="triage"}': 0,
      'warroom_stage_duration_seconds_bucket{engine="rules",le="0.1",stage="triage"}': 1,
      'warroom_stage_duration_seconds_bucket{engine="rules",le="+Inf",stage="triage"}': 1,
      'warroom_stage_duration_seconds_count{engine="none",stage="intake"}': 1,
      'warroom_model_calls_total{outcome="model",stage="specialist"}': 1,
      'warroom_model_calls_total{outcome="fallback",stage="specialist"}': 1,
      'warroom_model_calls_total{outcome="model",stage="plan"}': 1,
    });
    expect(samplesOf(exposition, 'warroom_model_calls_total', { stage: 'triage' })).toEqual([]);
  });

  it('counts Slack calls (429s included), webhook deliveries and alerts, job failures and placement tries', async () => {
    const metrics = createMetrics();
    metrics.countSlackCall('chat.postMessage', 'ok');
    metrics.countSlackCall('chat.postMessage', 'ok');
    metrics.countSlackCall('chat.update', 'rate_limited');
    metrics.countSlackCall('chat.update', 'something_new');
    metrics.countWebhook('alertmanager', 'accepted', 3);
    metrics.countWebhook('alertmanager', 'accepted', 2);
    metrics.countWebhook('grafana', 'unauthorized', 0);
    metrics.countWebhook('grafana', 'accepted', 4, 2);
    metrics.countWebhook('generic', 'internal_error', 0);
    metrics.countJobFailure('incident', 'triage');
    metrics.countPlacement('committed');
    metrics.countPlacement('committed');
    metrics.countPlacement('conflict');

    expect(seriesValues(await scrape(metrics))).toMatchObject({
      'warroom_slack_calls_total{method="chat.postMessage",result="ok"}': 2,
      'warroom_slack_calls_total{method="chat.update",result="rate_limited"}': 1,
      'warroom_slack_calls_total{method="chat.update",result="other"}': 1,
      'warroom_webhook_requests_total{result="accepted",source="alertmanager"}': 2,
      'warroom_webhook_alerts_total{result="accepted",source="alertmanager"}': 5,
      'warroom_webhook_requests_total{result="unauthorized",source="grafana"}': 1,
      'warroom_webhook_alerts_total{result="accepted",source="grafana"}': 4,
      'warroom_webhook_alerts_total{result="rejected",source="grafana"}': 2,
      'warroom_webhook_requests_total{result="internal_error",source="generic"}': 1,
      'warroom_job_failures_total{job="triage",queue="incident"}': 1,
      'warroom_ingest_placements_total{result="committed"}': 2,
      'warroom_ingest_placements_total{result="conflict"}': 1,
    });
  });
});

describe('metrics: figures read at scrape time', () => {
  it('reports incidents by every status and queue depths by queue and state', async () => {
    const metrics = createMetrics();
    let waiting = 4;
    metrics.setProviders({
      incidentsByStatus: async () => ({ Diagnosing: 2, Resolved: 5 }),
      queueDepths: async () => ({ incident: { waiting, failed: 1 }, 'slack-outbox': { active: 2 } }),
    });
    const first = await scrape(metrics);
    expect(samplesOf(first, 'warroom_incidents').map((sample) => sample.labels.status)).toEqual([
      ...STATUSES,
    ]);
    expect(seriesValues(first)).toMatchObject({
      'warroom_incidents{status="Diagnosing"}': 2,
      'warroom_incidents{status="Resolved"}': 5,
      'warroom_incidents{status="Awaiting_Approval"}': 0,
      'warroom_queue_jobs{queue="incident",state="waiting"}': 4,
      'warroom_queue_jobs{queue="slack-outbox",state="active"}': 2,
    });

    waiting = 0;
    expect(seriesValues(await scrape(metrics))).toMatchObject({
      'warroom_queue_jobs{queue="incident",state="waiting"}': 0,
    });
  });

  it('leaves a figure out and counts the failure when its provider throws, and still renders the rest', async () => {
    const metrics = createMetrics();
    metrics.setProviders({
      incidentsByStatus: async () => ({ Diagnosing: 1 }),
      queueDepths: async () => ({ incident: { waiting: 1 } }),
    });
    await scrape(metrics);
    metrics.setProviders({
      queueDepths: async () => {
        throw new Error('redis down');
      },
    });
    const exposition = await scrape(metrics);
    expect(samplesOf(exposition, 'warroom_queue_jobs')).toEqual([]);
    expect(seriesValues(exposition)).toMatchObject({
      'warroom_incidents{status="Diagnosing"}': 1,
      'warroom_metrics_provider_failures_total{provider="queue_depths"}': 1,
    });
  });
});
