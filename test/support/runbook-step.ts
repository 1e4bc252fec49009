import { actionTemplateSchema, type ExecutorAction } from '../../src/executors/actions.js';
import type { Checked } from '../../src/executors/params.js';
import { paramSpecsSchema } from '../../src/executors/params.js';
import { type RenderContext, renderAction } from '../../src/executors/render.js';

/** A runbook step as the catalog would hold it (plain data, validated), rendered with `values`. */
export function tryStep(
  template: unknown,
  params: unknown,
  values: Record<string, unknown>,
  context?: RenderContext,
): Checked<ExecutorAction> {
  return renderAction(actionTemplateSchema.parse(template), paramSpecsSchema.parse(params), values, context);
}

export function renderStep(
  template: unknown,
  params: unknown,
  values: Record<string, unknown>,
  context?: RenderContext,
): ExecutorAction {
  const rendered = tryStep(template, params, values, context);
  if (!rendered.ok) throw new Error(`refused: ${rendered.reason}`);
  return rendered.value;
}
