import { describe, expect, it } from 'vitest';
import { actionTemplateSchema } from '../../../src/executors/actions.js';
import { paramSpecsSchema } from '../../../src/executors/params.js';
import { renderStep, tryStep } from '../../support/runbook-step.js';

const restart = { kind: 'supervisor', operation: 'restart', program: '{{program}}' };
const loose = { program: { type: 'string', pattern: '^.{1,200}$' } };
const webhook = { kind: 'http', path: '/hooks/{{target}}', query: { q: '{{target}}' } };

describe('param values', () => {
  it('takes a value from the allowed list, or the default when none is supplied', () => {
    const params = { program: { type: 'string', allowed: ['api', 'web'], default: 'api' } };
    expect(renderStep(restart, params, { program: 'web' })).toEqual({
      kind: 'supervisor',
      operation: 'restart',
      program: 'web',
    });
    expect(renderStep(restart, params, {})).toMatchObject({ program: 'api' });
    expect(tryStep(restart, params, { program: 'db' })).toEqual({
      ok: false,
      reason: 'param program: not one of the allowed values (api, web)',
    });
  });

  it('checks a string against its anchored pattern and its length', () => {
    const params = { program: { type: 'string', pattern: '^[a-z]+-[0-9]$', maxLength: 6 } };
    expect(renderStep(restart, params, { program: 'web-1' })).toMatchObject({ program: 'web-1' });
    expect(tryStep(restart, params, { program: 'web-x' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not match'),
    });
    expect(tryStep(restart, params, { program: 'webapp-1' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('longer than 6'),
    });
  });

  it('types integers and booleans, accepting their plain-text forms', () => {
    const step = {
      kind: 'http',
      path: '/scale',
      body: { replicas: '{{replicas}}', force: '{{force}}', label: 'n={{replicas}}' },
    };
    const params = {
      replicas: { type: 'integer', min: 1, max: 5 },
      force: { type: 'boolean', default: false },
    };
    expect(renderStep(step, params, { replicas: '3', force: 'true' })).toMatchObject({
      request: { body: { replicas: 3, force: true, label: 'n=3' } },
    });
    expect(tryStep(step, params, { replicas: 9 })).toEqual({
      ok: false,
      reason: 'param replicas: above the maximum 5',
    });
    expect(tryStep(step, params, { replicas: '2.5' })).toEqual({
      ok: false,
      reason: 'param replicas: expected an integer',
    });
    expect(tryStep(step, params, { replicas: 2, force: 'yes' })).toEqual({
      ok: false,
      reason: 'param force: expected true or false',
    });
  });

  it('takes an enum value only from its values', () => {
    const params = { program: { type: 'enum', values: ['api', 'web'] } };
    expect(tryStep(restart, params, { program: 'cache' })).toEqual({
      ok: false,
      reason: 'param program: not one of api, web',
    });
  });

  it('refuses a param the step does not declare, a missing value, and a placeholder that is no param', () => {
    const params = { program: { type: 'enum', values: ['api'] } };
    expect(tryStep(restart, params, { program: 'api', progam: 'x' })).toEqual({
      ok: false,
      reason: 'unknown param progam',
    });
    expect(tryStep(restart, params, {})).toEqual({
      ok: false,
      reason: 'param program: no value and no default',
    });
    expect(tryStep({ ...restart, program: '{{service}}' }, params, { program: 'api' })).toEqual({
      ok: false,
      reason: 'the template names {{service}}, which is not a param',
    });
    expect(tryStep({ ...restart, program: '{{constructor}}' }, params, { program: 'api' })).toEqual({
      ok: false,
      reason: 'the template names {{constructor}}, which is not a param',
    });
    expect(tryStep(restart, params, { program: 'api', toString: 'x' })).toEqual({
      ok: false,
      reason: 'unknown param toString',
    });
  });
});

describe('hostile values are refused before any executor is called', () => {
  const cases: Array<[string, string, string]> = [
    ['a semicolon', 'web; reboot', 'contains `;`'],
    ['a command substitution', 'web$(reboot)', 'contains a shell substitution'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable substitution, on purpose
    ['a variable substitution', 'web${IFS}x', 'contains a shell substitution'],
    ['a backtick', 'web`reboot`', 'contains a backtick'],
    ['a newline', 'web\nreboot', 'contains a newline'],
    ['a carriage return', 'web\rx', 'contains a newline'],
    ['a path traversal', '../../etc/passwd', 'contains a path traversal (`../`)'],
    ['an encoded path traversal', '..%2f..%2fetc', 'contains a path traversal (`../`)'],
    ['a bare parent directory', '..', 'contains a path traversal (`../`)'],
    ['a NUL byte', 'web\0', 'contains a NUL byte'],
    ['an encoded NUL byte', 'web%00', 'contains a NUL byte'],
    ['a control character', 'web\x1b[2J', 'contains a control character'],
    ['a lone surrogate', 'web\uD800', 'is not valid Unicode'],
    ['a URL to a foreign host', 'http://evil.example/x', 'names a foreign host (evil.example)'],
    ['a protocol-relative URL', '//evil.example/x', 'names a foreign host (evil.example)'],
    ['a URL with userinfo', 'https://ops.example@evil.example:8443/', 'names a foreign host (evil.example)'],
  ];
  for (const [what, value, reason] of cases)
    it(`refuses ${what}`, () => {
      expect(tryStep(webhook, { target: loose.program }, { target: value })).toEqual({
        ok: false,
        reason: `param target: the value ${reason}`,
      });
    });

  it('accepts a URL to a host the executor owns', () => {
    const rendered = renderStep(
      webhook,
      { target: loose.program },
      { target: 'https://ci.example/x' },
      { allowedHosts: ['ci.example'] },
    );
    expect(rendered).toMatchObject({ request: { pathSegments: ['hooks', 'https://ci.example/x'] } });
  });

  it('checks every param type, not only strings (defaults too)', () => {
    const params = { program: { type: 'enum', values: ['web;reboot'] } };
    expect(tryStep(restart, params, { program: 'web;reboot' })).toEqual({
      ok: false,
      reason: 'param program: the value contains `;`',
    });
    const withDefault = { program: { type: 'string', pattern: '^.+$', default: '$(reboot)' } };
    expect(tryStep(restart, withDefault, {})).toMatchObject({ ok: false });
  });
});

describe('rendered actions', () => {
  it('keeps the program of a command fixed', () => {
    const step = { kind: 'local', command: ['{{tool}}', '--version'] };
    expect(tryStep(step, { tool: loose.program }, { tool: '/bin/sh' })).toEqual({
      ok: false,
      reason: 'the program of a command is fixed: it takes no placeholder',
    });
  });

  it('keeps each templated argument one argument', () => {
    const step = {
      kind: 'local',
      command: ['/usr/bin/systemctl', 'restart', '{{unit}}'],
      check: ['/usr/bin/systemctl', 'is-active', '{{unit}}'],
    };
    expect(renderStep(step, { unit: loose.program }, { unit: 'a b --now' })).toEqual({
      kind: 'local',
      argv: ['/usr/bin/systemctl', 'restart', 'a b --now'],
      check: ['/usr/bin/systemctl', 'is-active', 'a b --now'],
    });
  });

  it('refuses a supervisord program name supervisord could not have', () => {
    expect(tryStep(restart, loose, { program: 'web edge' })).toEqual({
      ok: false,
      reason: 'program "web edge" is not a supervisord program name',
    });
    expect(renderStep(restart, loose, { program: 'workers:worker_0' })).toMatchObject({
      program: 'workers:worker_0',
    });
  });

  it('renders HTTP path segments apart, query values as pairs, and the check and rollback requests', () => {
    const step = {
      kind: 'http',
      path: '/api/v2/job_templates/{{template}}/launch/',
      query: { limit: '{{host}}' },
      rollback: { path: '/api/v2/job_templates/{{template}}-undo/launch/' },
    };
    const params = { template: { type: 'integer' }, host: { type: 'string', pattern: '^[a-z0-9.&=]+$' } };
    expect(renderStep(step, params, { template: 12, host: 'db1&x=1' })).toEqual({
      kind: 'http',
      request: {
        method: 'POST',
        pathSegments: ['api', 'v2', 'job_templates', '12', 'launch', ''],
        query: [['limit', 'db1&x=1']],
      },
      success: {},
      rollback: {
        method: 'POST',
        pathSegments: ['api', 'v2', 'job_templates', '12-undo', 'launch', ''],
        query: [],
      },
    });
  });

  it('renders a manual checklist item', () => {
    const step = {
      kind: 'manual',
      instruction: 'Fail over {{db}} in the console',
      rollback: 'Fail back {{db}}',
    };
    expect(renderStep(step, { db: { type: 'enum', values: ['orders'] } }, { db: 'orders' })).toEqual({
      kind: 'manual',
      instruction: 'Fail over orders in the console',
      rollback: 'Fail back orders',
    });
  });
});

describe('step schemas', () => {
  it('wants a string param to name its allowed values or an anchored pattern', () => {
    expect(paramSpecsSchema.safeParse({ p: { type: 'string' } }).success).toBe(false);
    expect(paramSpecsSchema.safeParse({ p: { type: 'string', pattern: '[a-z]+' } }).success).toBe(false);
    expect(paramSpecsSchema.safeParse({ p: { type: 'string', pattern: '^[a-z]+\\$' } }).success).toBe(false);
    expect(paramSpecsSchema.safeParse({ p: { type: 'string', pattern: '^[a-z+$' } }).success).toBe(false);
    expect(paramSpecsSchema.safeParse({ p: { type: 'string', pattern: '^[a-z]+$' } }).success).toBe(true);
  });

  it('wants an HTTP path to start at the base URL, and no body on a GET', () => {
    expect(actionTemplateSchema.safeParse({ kind: 'http', path: 'evil.example/x' }).success).toBe(false);
    expect(
      actionTemplateSchema.safeParse({ kind: 'http', method: 'GET', path: '/x', body: {} }).success,
    ).toBe(false);
    const check = { method: 'GET', path: '/status', body: { a: 1 } };
    expect(actionTemplateSchema.safeParse({ kind: 'http', path: '/x', check }).success).toBe(false);
    expect(actionTemplateSchema.safeParse({ kind: 'http', method: 'GET', path: '/x' }).success).toBe(true);
  });
});
