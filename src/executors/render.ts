import {
  type ActionTemplate,
  type ExecutorAction,
  type HttpRequestSpec,
  type HttpRequestTemplate,
  isSupervisorProgramName,
  type JsonValue,
} from './actions.js';
import { type Checked, type ParamSpecs, type ParamValue, resolveParams } from './params.js';

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

/** Replaces every placeholder with its value's text; a name the step does not declare is refused. */
export function renderText(text: string, values: Values): string {
  const rendered = text.replace(PLACEHOLDER, (_match, name: string) => String(paramValue(values, name)));
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
