import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../src/dev/local/free-port.js';
import { httpExecutorConfigSchema } from '../../../src/executors/executor-config.js';
import { createHttpExecutor } from '../../../src/executors/http/http-executor.js';
import type { Executor } from '../../../src/executors/port.js';
import { type AutomationServer, json, startAutomationServer } from '../../support/automation-server.js';
import { renderStep, tryStep } from '../../support/runbook-step.js';

const TOKEN = 'rundeck-token-0123456789';

function bearerExecutor(baseUrl: string, timeoutMs = 5000): Executor {
  const config = httpExecutorConfigSchema.parse({
    name: 'rundeck',
    kind: 'http',
    baseUrl,
    auth: { type: 'bearer' },
    credentials: { token: { env: 'RUNDECK_TOKEN' } },
    timeoutMs,
  });
  return createHttpExecutor(config, { token: TOKEN });
}

const rundeckStep = {
  kind: 'http',
  method: 'POST',
  path: '/api/45/job/{{jobId}}/run',
  query: { runAtTime: '{{when}}' },
  body: { options: { service: '{{service}}', replicas: '{{replicas}}', note: 'restart {{service}}' } },
  check: { method: 'GET', path: '/api/45/job/{{jobId}}/executions' },
};
const rundeckParams = {
  jobId: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' },
  when: { type: 'string', allowed: ['now', 'later on'], default: 'now' },
  service: { type: 'enum', values: ['api', 'web edge'] },
  replicas: { type: 'integer', min: 1, max: 10, default: 2 },
};

describe('http executor against a real local automation server', () => {
  let server: AutomationServer;

  beforeAll(async () => {
    server = await startAutomationServer();
    // Echoes what it got, auth header included: the executor must mask it in its output.
    server.on('/api/45/job/restart-api/run', (request, response) =>
      json(response, 200, { id: 7, echoedAuth: request.headers.authorization, status: 'running' }),
    );
    server.on('/api/45/job/restart-api/executions', (_request, response) =>
      json(response, 200, { executions: [{ id: 7, status: 'succeeded' }] }),
    );
  });

  afterAll(async () => {
    await server.close();
  });

  it('sends the templated request: encoded path and query, typed JSON body, bearer auth, masked output', async () => {
    const executor = bearerExecutor(`${server.url}/`);
    const action = renderStep(rundeckStep, rundeckParams, {
      jobId: 'restart-api',
      when: 'later on',
      service: 'web edge',
    });
    const sent = server.received.length;
    const result = await executor.apply(action);

    expect(result).toMatchObject({ outcome: 'ok', httpStatus: 200, mode: 'apply' });
    const request = server.received[sent];
    expect(request?.url).toBe('/api/45/job/restart-api/run?runAtTime=later+on');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      options: { service: 'web edge', replicas: 2, note: 'restart web edge' },
    });
    expect(result.output).toContain('"echoedAuth":"Bearer [redacted]"');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(executor.describe(action)).toBe(
      `http rundeck: POST ${server.url}/api/45/job/restart-api/run?runAtTime=later+on {"options":{"service":"web edge","replicas":2,"note":"restart web edge"}}`,
    );

    const checked = await executor.check(action);
    expect(checked).toMatchObject({ outcome: 'ok', mode: 'check', after: { httpStatus: 200 } });
    expect(checked.output).toContain('succeeded');
  });

  it('keeps a templated path segment one segment, whatever it contains', async () => {
    server.on('/hooks/a%20b%2Fc%3Fd%23e', (_request, response) => response.writeHead(204).end());
    const executor = bearerExecutor(server.url);
    const action = renderStep(
      { kind: 'http', path: '/hooks/{{name}}' },
      { name: { type: 'string', pattern: '^[a-z ?#/]+$' } },
      { name: 'a b/c?d#e' },
    );
    const result = await executor.apply(action);
    expect(result).toMatchObject({ outcome: 'ok', httpStatus: 204 });
    expect(server.received.at(-1)?.url).toBe('/hooks/a%20b%2Fc%3Fd%23e');
  });

  it('signs the body with HMAC-SHA256 (a GitHub Actions workflow_dispatch) and sends the configured headers', async () => {
    const secret = 'webhook-secret-abcdef';
    server.on('/repos/acme/shop/actions/workflows/rollback.yml/dispatches', (request, response) => {
      const expected = `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`;
      response.writeHead(request.headers['x-hub-signature-256'] === expected ? 204 : 401).end();
    });
    const config = httpExecutorConfigSchema.parse({
      name: 'github-actions',
      kind: 'http',
      baseUrl: server.url,
      auth: { type: 'hmac' },
      credentials: { secret: { file: '/run/secrets/github-webhook' } },
      headers: { Accept: 'application/vnd.github+json' },
    });
    const executor = createHttpExecutor(config, { secret });
    const action = renderStep(
      {
        kind: 'http',
        path: '/repos/acme/shop/actions/workflows/rollback.yml/dispatches',
        body: { ref: 'main', inputs: { service: '{{service}}' } },
      },
      { service: { type: 'enum', values: ['api'] } },
      { service: 'api' },
    );
    const result = await executor.apply(action);
    expect(result).toMatchObject({ outcome: 'ok', httpStatus: 204 });
    expect(server.received.at(-1)?.headers.accept).toBe('application/vnd.github+json');
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('judges success by status list and by a JSON path, and masks basic credentials', async () => {
    server.on('/api/v2/job_templates/12/launch/', (request, response) => {
      if (request.headers.authorization !== `Basic ${Buffer.from('warroom:awx-pass-987').toString('base64')}`)
        return json(response, 401, { detail: 'bad credentials' });
      json(response, 201, {
        job: 91,
        status: JSON.parse(request.body).extra_vars.dry ? 'pending' : 'failed',
      });
    });
    server.on('/api/v2/broken/', (_request, response) => json(response, 500, { detail: 'boom' }));
    const config = httpExecutorConfigSchema.parse({
      name: 'awx',
      kind: 'http',
      baseUrl: `${server.url}/api/v2`,
      auth: { type: 'basic', username: 'warroom' },
      credentials: { password: { env: 'AWX_PASSWORD' } },
    });
    const executor = createHttpExecutor(config, { password: 'awx-pass-987' });
    const launch = (dry: boolean) =>
      renderStep(
        {
          kind: 'http',
          path: '/job_templates/12/launch/',
          body: { extra_vars: { dry: '{{dry}}' } },
          success: { statuses: [201], jsonPath: 'status', equals: 'pending' },
        },
        { dry: { type: 'boolean' } },
        { dry },
      );

    expect(await executor.apply(launch(true))).toMatchObject({ outcome: 'ok', httpStatus: 201 });
    expect(await executor.apply(launch(false))).toMatchObject({
      outcome: 'failed',
      httpStatus: 201,
      reason: 'status is "failed", expected "pending"',
    });
    const broken = await executor.apply(renderStep({ kind: 'http', path: '/broken/' }, {}, {}));
    expect(broken).toMatchObject({ outcome: 'failed', httpStatus: 500 });
    expect(broken.reason).toContain('HTTP 500 is not a success status');
    // A gateway timeout says nothing about the job behind it.
    server.on('/api/v2/gateway/', (_request, response) => response.writeHead(504).end('upstream timed out'));
    const gateway = await executor.apply(renderStep({ kind: 'http', path: '/gateway/' }, {}, {}));
    expect(gateway).toMatchObject({ outcome: 'unknown', httpStatus: 504 });
  });

  it('a reply that never comes within the timeout is unknown: the request had left', async () => {
    server.on('/slow', () => {});
    const executor = bearerExecutor(server.url, 300);
    const sent = server.received.length;
    const result = await executor.apply(renderStep({ kind: 'http', path: '/slow' }, {}, {}));
    expect(result).toMatchObject({ outcome: 'unknown', reason: 'the request timed out after 300 ms' });
    await server.receivedCount(sent + 1);
  });

  it("the caller's signal cancels a call in flight, which is then unknown", async () => {
    const controller = new AbortController();
    // Cancelled the moment the request arrives: the server has it, the reply never comes.
    server.on('/held', () => controller.abort());
    const result = await bearerExecutor(server.url).apply(
      renderStep({ kind: 'http', path: '/held' }, {}, {}),
      {
        signal: controller.signal,
      },
    );
    expect(result).toMatchObject({ outcome: 'unknown', reason: 'the request was cancelled' });
  });

  it('keeps a bounded excerpt of a huge reply', async () => {
    server.on('/huge', (_request, response) => response.end(`START${'x'.repeat(3_000_000)}END`));
    const result = await bearerExecutor(server.url).apply(
      renderStep({ kind: 'http', path: '/huge' }, {}, {}),
    );
    expect(result.outcome).toBe('ok');
    expect(result.output.length).toBeLessThan(2100);
    expect(result.output.startsWith('START')).toBe(true);
  });

  it('a request fetch refuses to build (a GET with a body, built by hand) fails: nothing was sent', async () => {
    const sent = server.received.length;
    const result = await bearerExecutor(server.url).apply({
      kind: 'http',
      request: { method: 'GET', pathSegments: ['x'], query: [], body: { a: 1 } },
      success: {},
    });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toContain('nothing was sent');
    expect(server.received.length).toBe(sent);
  });

  it('an unreachable endpoint fails: nothing was sent', async () => {
    const executor = bearerExecutor(`http://127.0.0.1:${await freeLoopbackPort()}`);
    const result = await executor.apply(renderStep({ kind: 'http', path: '/x' }, {}, {}));
    expect(result.outcome).toBe('failed');
    expect(result.reason).toContain('nothing was sent');
  });

  it('refuses a foreign host or an injected value before anything is sent', async () => {
    const sent = server.received.length;
    const step = { kind: 'http', path: '/hooks/{{target}}', query: { next: '{{target}}' } };
    const loose = { target: { type: 'string', pattern: '^.{1,200}$' } };
    const refusals = [
      'http://evil.example/x',
      '//evil.example',
      'a;b',
      '..',
      '../admin',
      'x\nHost: evil',
    ].map((target) => tryStep(step, loose, { target }));
    for (const refused of refusals) expect(refused.ok, JSON.stringify(refused)).toBe(false);
    expect(server.received.length).toBe(sent);
  });

  it('does not follow a redirect to another host', async () => {
    const elsewhere = await startAutomationServer();
    server.on('/moved', (_request, response) =>
      response.writeHead(302, { location: `${elsewhere.url}/steal` }).end(),
    );
    const result = await bearerExecutor(server.url).apply(
      renderStep({ kind: 'http', path: '/moved' }, {}, {}),
    );
    expect(result).toMatchObject({ outcome: 'failed', httpStatus: 302 });
    expect(elsewhere.received).toEqual([]);
    await elsewhere.close();
  });

  it('dry-runs through the check endpoint a step names, or renders without sending', async () => {
    server.on('/api/45/job/restart-api/check', (_request, response) => json(response, 200, { ok: true }));
    const executor = bearerExecutor(server.url);
    const withCheck = renderStep(
      { ...rundeckStep, dryRun: { method: 'POST', path: '/api/45/job/{{jobId}}/check' } },
      rundeckParams,
      { jobId: 'restart-api', service: 'api' },
    );
    const sent = server.received.length;
    expect(await executor.dryRun(withCheck)).toMatchObject({
      outcome: 'ok',
      mode: 'dry-run',
      httpStatus: 200,
    });
    expect(server.received.slice(sent).map((request) => request.url)).toEqual([
      '/api/45/job/restart-api/check',
    ]);

    const rendered = await executor.dryRun(
      renderStep(rundeckStep, rundeckParams, { jobId: 'restart-api', service: 'api' }),
    );
    expect(rendered).toMatchObject({ outcome: 'ok', mode: 'dry-run' });
    expect(rendered.output).toContain(
      `would send POST ${server.url}/api/45/job/restart-api/run?runAtTime=now`,
    );
    expect(rendered.output).not.toContain(TOKEN);
    expect(server.received.length).toBe(sent + 1);
  });

  it('rolls back with the request the step names, and refuses when it names none', async () => {
    server.on('/api/45/job/undo-api/run', (_request, response) => json(response, 200, { id: 8 }));
    const executor = bearerExecutor(server.url);
    const action = renderStep(
      { ...rundeckStep, rollback: { method: 'POST', path: '/api/45/job/undo-{{service}}/run' } },
      rundeckParams,
      { jobId: 'restart-api', service: 'api' },
    );
    const applied = await executor.apply(action);
    expect(await executor.rollback(action, applied)).toMatchObject({ outcome: 'ok', mode: 'rollback' });
    expect(server.received.at(-1)?.url).toBe('/api/45/job/undo-api/run');
    const noUndo = renderStep(rundeckStep, rundeckParams, { jobId: 'restart-api', service: 'api' });
    expect(await executor.rollback(noUndo, applied)).toMatchObject({
      outcome: 'failed',
      reason: 'the step names no rollback request',
    });
  });
});
