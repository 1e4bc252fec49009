import type { z } from 'zod';
import { repairPrompt } from '../prompts/system.js';
import type { StagePrompt } from '../prompts/types.js';
import { clip } from '../rules/evidence.js';
import type { ModelClient, ModelTurn } from './model-client.js';
import { ModelFailure } from './model-failure.js';
import { addUsage, NO_TOKENS, type TokenUsage } from './token-usage.js';

export interface StructuredRequest<O> {
  prompt: StagePrompt;
  schema: z.ZodType<O>;
  responseJsonSchema: object;
  /** Problems zod cannot see (a root service outside the graph, …); empty when the output is sound. */
  check?: (output: O) => string[];
}

export interface StructuredAnswer<O> {
  output: O;
  usage: TokenUsage;
}

type Verdict<O> = { ok: true; output: O } | { ok: false; problems: string };

function withoutFences(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}

function judge<O>(text: string, request: StructuredRequest<O>): Verdict<O> {
  let json: unknown;
  try {
    json = JSON.parse(withoutFences(text));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: `not valid JSON (${clip(why, 120)})` };
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { ok: false, problems: issues.join('; ') };
  }
  const problems = request.check?.(parsed.data) ?? [];
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, 5).join('; ') };
  return { ok: true, output: parsed.data };
}

async function generate<O>(
  client: ModelClient,
  request: StructuredRequest<O>,
  turns: readonly ModelTurn[],
  spent: TokenUsage,
): Promise<{ text: string; usage: TokenUsage }> {
  try {
    const reply = await client.generate({
      system: request.prompt.system,
      turns,
      responseJsonSchema: request.responseJsonSchema,
    });
    return { text: reply.text, usage: addUsage(spent, reply.usage) };
  } catch (error) {
    if (error instanceof ModelFailure) throw error.withUsage(addUsage(spent, error.usage));
    throw error;
  }
}

/**
 * Asks for JSON that the zod schema accepts. An invalid first reply gets one repair turn that
 * quotes the problems back; a second invalid reply is a failure.
 */
export async function askForJson<O>(
  client: ModelClient,
  request: StructuredRequest<O>,
): Promise<StructuredAnswer<O>> {
  const turns: ModelTurn[] = [{ role: 'user', text: request.prompt.user }];
  const first = await generate(client, request, turns, NO_TOKENS);
  const firstVerdict = judge(first.text, request);
  if (firstVerdict.ok) return { output: firstVerdict.output, usage: first.usage };
  turns.push(
    { role: 'model', text: first.text },
    { role: 'user', text: repairPrompt(firstVerdict.problems) },
  );
  const second = await generate(client, request, turns, first.usage);
  const secondVerdict = judge(second.text, request);
  if (secondVerdict.ok) return { output: secondVerdict.output, usage: second.usage };
  throw new ModelFailure(
    clip(`model output failed validation: ${secondVerdict.problems}`, 300),
    second.usage,
  );
}
