import { z } from 'zod';

/**
 * JSON Schema keywords Gemini's `responseJsonSchema` honours. zod emits a few more
 * (`$schema`, `additionalProperties`, `minLength`, `maxLength`, `const`, …); the cleaning is:
 * - `const: v` becomes `enum: [v]`;
 * - `minLength`/`maxLength` are removed and told to the model in `description` instead
 *   (the zod schema still enforces them on the reply);
 * - every other keyword outside this list is removed.
 */
export const GEMINI_SCHEMA_KEYWORDS = [
  'type',
  'properties',
  'required',
  'items',
  'enum',
  'anyOf',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'description',
] as const;

type JsonSchema = { [keyword: string]: unknown };

const KEPT: ReadonlySet<string> = new Set(GEMINI_SCHEMA_KEYWORDS);

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lengthNote(node: JsonSchema): string | undefined {
  const min = typeof node.minLength === 'number' ? node.minLength : undefined;
  const max = typeof node.maxLength === 'number' ? node.maxLength : undefined;
  if (min !== undefined && max !== undefined) return `Between ${min} and ${max} characters.`;
  if (max !== undefined) return `At most ${max} characters.`;
  if (min !== undefined && min > 0) return `At least ${min} character${min === 1 ? '' : 's'}.`;
  return undefined;
}

function cleanNode(node: JsonSchema): JsonSchema {
  const cleaned: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'const') cleaned.enum = [value];
    else if (!KEPT.has(keyword)) continue;
    else if (keyword === 'properties' && isSchema(value)) {
      cleaned.properties = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, isSchema(child) ? cleanNode(child) : child]),
      );
    } else if (keyword === 'items' && isSchema(value)) cleaned.items = cleanNode(value);
    else if (keyword === 'anyOf' && Array.isArray(value)) {
      cleaned.anyOf = value.map((child) => (isSchema(child) ? cleanNode(child) : child));
    } else cleaned[keyword] = value;
  }
  const note = lengthNote(node);
  if (note) cleaned.description = typeof node.description === 'string' ? `${node.description} ${note}` : note;
  return cleaned;
}

/** `z.toJSONSchema(schema)`, cleaned down to the subset Gemini accepts (see GEMINI_SCHEMA_KEYWORDS). */
export function geminiJsonSchema(schema: z.ZodType): JsonSchema {
  return cleanNode(z.toJSONSchema(schema) as JsonSchema);
}
