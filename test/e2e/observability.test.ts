import { describe, expect } from 'vitest';
import { e2eIt as it } from '../support/e2e-fixture.js';
import { settled } from '../support/job-events.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { waitForStatus } from '../support/test-runtime.js';

describe('observability through the real app', () => {
  it('serves /metrics with the incident, stage, queue and Slack series after one incident', async ({
    startApp,
  }) => {
    const e2e = await startApp({
      env: { API_TOKEN: 'api-secret', ADMIN_USER: 'admin', ADMIN_PASSWORD: 'pw' },
    });
    await e2e.driver.slashCommand({
      command: '/inject',
      text: 'crash api',
      userId: 'U0ONCALL',
      channelId: 'C0OBS',
    });
    await waitForStatus(e2e.warroom.runtime, 'INC-0001', ['Awaiting_Approval']);
    // The outbox has posted the thread, so the Slack series have samples.
    await settled(e2e.warroom.runtime);
    const response = await fetch(`${e2e.warroom.url}/metrics`);
    expect(response.status).toBe(200);
    const samples = parsePrometheusText(await response.text()).samples;
    const names = new Set(samples.map((sample) => sample.name));
    for (const name of [
      'warroom_incidents',
      'warroom_stage_duration_seconds_count',
      'warroom_queue_jobs',
      'warroom_slack_calls_total',
      'process_cpu_user_seconds_total',
    ]) {
      expect(names).toContain(name);
    }
    const awaiting = samples.find(
      (sample) => sample.name === 'warroom_incidents' && sample.labels.status === 'Awaiting_Approval',
    );
    expect(awaiting?.value).toBe(1);
    const posts = samples.find(
      (sample) =>
        sample.name === 'warroom_slack_calls_total' &&
        sample.labels.method === 'chat.postMessage' &&
        sample.labels.result === 'ok',
    );
    expect(posts?.value).toBeGreaterThanOrEqual(1);

    expect((await fetch(`${e2e.warroom.url}/admin/queues`)).status).toBe(401);
    const dashboard = await fetch(`${e2e.warroom.url}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` },
    });
    expect(dashboard.status).toBe(200);
    expect((await fetch(`${e2e.warroom.url}/api/incidents`)).status).toBe(401);
    const api = await fetch(`${e2e.warroom.url}/api/incidents/INC-0001`, {
      headers: { authorization: 'Bearer api-secret' },
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { incident: { id: string }; timeline: unknown[] };
    expect(body.incident.id).toBe('INC-0001');
    expect(body.timeline.length).toBeGreaterThan(0);
  });

  it('does not mount the dashboard without credentials, and the API says how to turn it on', async ({
    startApp,
  }) => {
    const e2e = await startApp();
    expect((await fetch(`${e2e.warroom.url}/admin/queues`)).status).toBe(404);
    const api = await fetch(`${e2e.warroom.url}/api/incidents`, { headers: { authorization: 'Bearer x' } });
    expect(api.status).toBe(503);
    expect(await api.text()).toMatch(/API_TOKEN/);
  });
});
