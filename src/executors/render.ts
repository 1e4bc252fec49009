import {
  type ActionTemplate,
  type ExecutorAction,
  type HttpRequestSpec,
  type HttpRequestTemplate,
  isSupervisorProgramName,
  type JsonValue,
} from './actions.js';
import type { KubernetesAction } from './kubernetes/kubernetes-action.js';
import { type Checked, type ParamSpecs, type ParamValue, resolveParams } from './params.js';
import type { SqlStatement } from './postgres/postgres-action.js';
import { shellQuote } from './ssh/shell-quote.js';

/**
 * Renders a runbook step's action from its params: pure, and the only way a value reaches an
 * executor. Any refusal (a bad value, an undeclared placeholder, a malformed result) happens here,
 * before an executor is called.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}$/;

type Values = Readonly<Record<string, ParamValue>>;

export interface RenderContext {
  /** Hosts a value may name in a URL (the executor's own); any other host is refused. */
  allowedHosts?: readonly string[];
}

export function renderAction(
  template: ActionTemplate,
  specs: ParamSpecs,
  supplied: Readonly<Record<string, unknown>>,
  context: RenderContext = {},
): Checked<ExecutorAction> {
  const resolved = resolveParams(specs, supplied, context.allowedHosts);
  if (!resolved.ok) return resolved;
  try {
    return { ok: true, value: renderWith(template, resolved.value) };
  } catch (error) {
    if (error instanceof RenderRefusal) return { ok: false, reason: error.message };
    throw error;
  }
}

class RenderRefusal extends Error {}

function renderWith(template: ActionTemplate, values: Values): ExecutorAction {
  switch (template.kind) {
    case 'supervisor': {
      const program = renderText(template.program, values);
      if (!isSupervisorProgramName(program))
        throw new RenderRefusal(`program ${JSON.stringify(program)} is not a supervisord program name`);
      return { kind: 'supervisor', operation: template.operation, program };
    }
    case 'http':
      return {
        kind: 'http',
        request: renderRequest(template, values),
        success: template.success,
        ...optional('dryRun', template.dryRun, (request) => renderRequest(request, values)),
        ...optional('check', template.check, (request) => renderRequest(request, values)),
        ...optional('rollback', template.rollback, (request) => renderRequest(request, values)),
      };
    case 'local':
      return {
        kind: 'local',
        argv: renderArgv(template.command, values),
        ...optional('dryRun', template.dryRun, (argv) => renderArgv(argv, values)),
        ...optional('check', template.check, (argv) => renderArgv(argv, values)),
        ...optional('rollback', template.rollback, (argv) => renderArgv(argv, values)),
      };
    case 'ssh': {
      const shell = (line: string) => renderText(line, values, (value) => shellQuote(String(value)));
      return {
        kind: 'ssh',
        command: shell(template.command),
        ...optional('check', template.check, shell),
        ...optional('rollback', template.rollback, shell),
      };
    }
    case 'postgres': {
      const sql = (text: string) => renderSql(text, values);
      return {
        kind: 'postgres',
        statement: sql(template.statement),
        ...optional('check', template.check, sql),
        ...optional('rollback', template.rollback, sql),
      };
    }
    case 'kubernetes':
      return renderKubernetes(template, values);
    case 'manual':
      return {
        kind: 'manual',
        instruction: renderText(template.instruction, values),
        ...optional('rollback', template.rollback, (text) => renderText(text, values)),
      };
  }
}

function optional<K extends string, T, R>(
  key: K,
  value: T | undefined,
  render: (value: T) => R,
): Partial<Record<K, R>> {
  return value === undefined ? {} : ({ [key]: render(value) } as Record<K, R>);
}

/**
 * Replaces every placeholder with its value's text (or `format` of it: a shell word, a bind
 * parameter's number); a name the step does not declare is refused.
 */
export function renderText(
  text: string,
  values: Values,
  format: (value: ParamValue, name: string) => string = String,
): string {
  const rendered = text.replace(PLACEHOLDER, (_match, name: string) =>
    format(paramValue(values, name), name),
  );
  // Checked on the template, not the result: a value may legitimately contain braces.
  if (text.replace(PLACEHOLDER, '').includes('{{'))
    throw new RenderRefusal(`malformed placeholder in ${text}`);
  return rendered;
}

/** Own keys only: `{{constructor}}` names no param, whatever Object.prototype holds. */
function paramValue(values: Values, name: string): ParamValue {
  const value = Object.hasOwn(values, name) ? values[name] : undefined;
  if (value === undefined) throw new RenderRefusal(`the template names {{${name}}}, which is not a param`);
  return value;
}

/** A string that is exactly one placeholder keeps its param's type (an integer stays a JSON number). */
function renderJson(value: JsonValue, values: Values): JsonValue {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole?.[1] !== undefined) return paramValue(values, whole[1]);
    return renderText(value, values);
  }
  if (Array.isArray(value)) return value.map((item) => renderJson(item, values));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderJson(item, values)]));
  return value;
}

function renderRequest(template: HttpRequestTemplate, values: Values): HttpRequestSpec {
  const pathSegments = template.path
    .slice(1)
    .split('/')
    .map((segment) => renderText(segment, values));
  for (const segment of pathSegments)
    if (segment === '.' || segment === '..')
      throw new RenderRefusal(`path segment ${segment} is not allowed`);
  const query = Object.entries(template.query).map(([key, value]): [string, string] => [
    key,
    renderText(value, values),
  ]);
  return {
    method: template.method,
    pathSegments,
    query,
    ...(template.body === undefined ? {} : { body: renderJson(template.body as JsonValue, values) }),
  };
}

function renderArgv(argv: readonly string[], values: Values): string[] {
  const [program, ...args] = argv;
  if (program === undefined || new RegExp(PLACEHOLDER.source).test(program))
    throw new RenderRefusal('the program of a command is fixed: it takes no placeholder');
  return [program, ...args.map((arg) => renderText(arg, values))];
}

/** Each distinct param becomes one bind parameter, numbered in order of first use. */
function renderSql(text: string, values: Values): SqlStatement {
  const order: string[] = [];
  const rendered = renderText(text, values, (_value, name) => {
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return { text: rendered, values: order.map((name) => paramValue(values, name)) };
}

function renderKubernetes(
  template: Extract<ActionTemplate, { kind: 'kubernetes' }>,
  values: Values,
): KubernetesAction {
  const name = (text: string) => {
    const rendered = renderText(text, values);
    if (!/^[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?$/.test(rendered))
      throw new RenderRefusal(`${JSON.stringify(rendered)} is not a Kubernetes object name`);
    return rendered;
  };
  const replicas = (raw: number | string) => {
    const text = typeof raw === 'number' ? String(raw) : renderText(raw, values);
    if (!/^\d{1,5}$/.test(text)) throw new RenderRefusal(`replicas ${JSON.stringify(text)} is not a count`);
    return Number(text);
  };
  return {
    kind: 'kubernetes',
    operation: template.operation,
    namespace: name(template.namespace),
    deployment: name(template.deployment),
    ...optional('replicas', template.replicas, replicas),
    ...optional('pod', template.pod, name),
    ...optional('container', template.container, name),
    ...optional('image', template.image, (text) => {
      const rendered = renderText(text, values);
      // registry/path/name[:tag][@digest]: nothing a shell, a YAML or a JSON patch could read more into.
      if (
        !/^[a-z0-9][a-z0-9._/-]*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/.test(
          rendered,
        ) ||
        rendered.length > 500
      )
        throw new RenderRefusal(`${JSON.stringify(rendered)} is not a container image reference`);
      return rendered;
    }),
  };
}
