import { z } from 'zod';
import { findHostileContent } from './hostile.js';

/**
 * A runbook step's params: each typed, with an optional default, and (for strings) either a list
 * of allowed values or an anchored pattern. A value reaches an executor only after it passed here.
 */
const anchoredPattern = z
  .string()
  .min(2)
  .refine((pattern) => pattern.startsWith('^') && pattern.endsWith('$') && !pattern.endsWith('\\$'), {
    message: 'a pattern must be anchored at both ends: ^…$',
  })
  .refine(compiles, { message: 'not a valid regular expression' });

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

const stringParamSchema = z
  .object({
    type: z.literal('string'),
    description: z.string().optional(),
    default: z.string().optional(),
    allowed: z.array(z.string().min(1)).min(1).optional(),
    pattern: anchoredPattern.optional(),
    maxLength: z.number().int().positive().max(2000).default(200),
  })
  .refine((spec) => (spec.allowed === undefined) !== (spec.pattern === undefined), {
    message: 'a string param needs either `allowed` or `pattern` (one of them)',
  });

const integerParamSchema = z.object({
  type: z.literal('integer'),
  description: z.string().optional(),
  default: z.number().int().optional(),
  allowed: z.array(z.number().int()).min(1).optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
});

const booleanParamSchema = z.object({
  type: z.literal('boolean'),
  description: z.string().optional(),
  default: z.boolean().optional(),
});

const enumParamSchema = z.object({
  type: z.literal('enum'),
  description: z.string().optional(),
  values: z.array(z.string().min(1)).min(1),
  default: z.string().optional(),
});

export const paramSpecSchema = z.discriminatedUnion('type', [
  stringParamSchema,
  integerParamSchema,
  booleanParamSchema,
  enumParamSchema,
]);
export type ParamSpec = z.infer<typeof paramSpecSchema>;

export const paramSpecsSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), paramSpecSchema);
export type ParamSpecs = z.infer<typeof paramSpecsSchema>;

export type ParamValue = string | number | boolean;
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Coerces `raw` to the param's type and checks it against its list or pattern and the hostile rules. */
export function checkParamValue(
  name: string,
  spec: ParamSpec,
  raw: unknown,
  allowedHosts: readonly string[] = [],
): Checked<ParamValue> {
  const typed = coerce(spec, raw);
  if (!typed.ok) return { ok: false, reason: `param ${name}: ${typed.reason}` };
  const hostile = findHostileContent(String(typed.value), allowedHosts);
  if (hostile !== undefined) return { ok: false, reason: `param ${name}: the value ${hostile}` };
  const allowed = allowedBySpec(spec, typed.value);
  if (allowed !== undefined) return { ok: false, reason: `param ${name}: ${allowed}` };
  return typed;
}

function coerce(spec: ParamSpec, raw: unknown): Checked<ParamValue> {
  switch (spec.type) {
    case 'string':
    case 'enum':
      return typeof raw === 'string' ? { ok: true, value: raw } : { ok: false, reason: 'expected a string' };
    case 'integer': {
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return { ok: true, value: raw };
      if (typeof raw === 'string' && /^-?\d{1,15}$/.test(raw)) return { ok: true, value: Number(raw) };
      return { ok: false, reason: 'expected an integer' };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return { ok: false, reason: 'expected true or false' };
    }
  }
}

/** Why the typed value is outside what the spec allows, or undefined when it is inside. */
function allowedBySpec(spec: ParamSpec, value: ParamValue): string | undefined {
  switch (spec.type) {
    case 'string': {
      const text = value as string;
      if (text.length > spec.maxLength) return `longer than ${spec.maxLength} characters`;
      if (spec.allowed !== undefined && !spec.allowed.includes(text))
        return `not one of the allowed values (${spec.allowed.join(', ')})`;
      if (spec.pattern !== undefined && !new RegExp(spec.pattern, 'u').test(text))
        return `does not match ${spec.pattern}`;
      return undefined;
    }
    case 'enum':
      return spec.values.includes(value as string) ? undefined : `not one of ${spec.values.join(', ')}`;
    case 'integer': {
      const number = value as number;
      if (spec.min !== undefined && number < spec.min) return `below the minimum ${spec.min}`;
      if (spec.max !== undefined && number > spec.max) return `above the maximum ${spec.max}`;
      if (spec.allowed !== undefined && !spec.allowed.includes(number))
        return `not one of the allowed values (${spec.allowed.join(', ')})`;
      return undefined;
    }
    case 'boolean':
      return undefined;
  }
}

/**
 * Every param's value (supplied, else its default), each checked. Names the step does not declare
 * are refused rather than ignored: a typo should not silently fall back to a default.
 */
export function resolveParams(
  specs: ParamSpecs,
  supplied: Readonly<Record<string, unknown>>,
  allowedHosts: readonly string[] = [],
): Checked<Record<string, ParamValue>> {
  const unknown = Object.keys(supplied).filter((name) => !Object.hasOwn(specs, name));
  if (unknown.length > 0) return { ok: false, reason: `unknown param ${unknown.join(', ')}` };
  const values: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = (Object.hasOwn(supplied, name) ? supplied[name] : undefined) ?? spec.default;
    if (raw === undefined) return { ok: false, reason: `param ${name}: no value and no default` };
    const checked = checkParamValue(name, spec, raw, allowedHosts);
    if (!checked.ok) return checked;
    values[name] = checked.value;
  }
  return { ok: true, value: values };
}
