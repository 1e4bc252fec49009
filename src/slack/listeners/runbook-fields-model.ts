import type { IncidentFacts, Runbook, RunbookParam } from '../../runbooks/index.js';
import type { ParamFieldModel, RunbookOptionModel } from '../blocks/runbook-fields.js';

type ParamValue = string | number | boolean;

/** What a param's value must look like, for the input's hint. */
function ruleOf(param: RunbookParam): string | undefined {
  const { spec } = param;
  if (spec.type === 'string' && spec.pattern) return `Must match ${spec.pattern}`;
  if (spec.type === 'integer') {
    const range = [
      spec.min === undefined ? '' : `≥ ${spec.min}`,
      spec.max === undefined ? '' : `≤ ${spec.max}`,
    ]
      .filter(Boolean)
      .join(', ');
    return `A whole number${range ? ` (${range})` : ''}`;
  }
  return undefined;
}

function choicesOf(param: RunbookParam): string[] | undefined {
  const { spec } = param;
  if (spec.type === 'enum') return [...spec.values];
  if (spec.type === 'boolean') return ['true', 'false'];
  if ((spec.type === 'string' || spec.type === 'integer') && spec.allowed) return spec.allowed.map(String);
  return undefined;
}

function fixedOf(param: RunbookParam, facts: IncidentFacts): string | undefined {
  if (param.from === undefined) return undefined;
  const fact = facts[param.from];
  return fact === undefined ? `the incident's ${param.from} (none known)` : String(fact);
}

/**
 * A runbook's params as the Request changes modal shows them: a select where the values are a
 * list, a text input otherwise (its pattern or range as the hint), a fixed line for values the
 * incident supplies. Start values: the plan's, when it is the plan's runbook, else the defaults.
 */
export function runbookOptionModel(
  runbook: Runbook,
  facts: IncidentFacts,
  planParams?: Readonly<Record<string, ParamValue>>,
): RunbookOptionModel {
  const params = [...runbook.params].map(([name, param]): ParamFieldModel => {
    const fixed = fixedOf(param, facts);
    if (fixed !== undefined) return { name, fixed };
    const start = planParams?.[name] ?? param.spec.default;
    const choices = choicesOf(param);
    const rule = ruleOf(param);
    return {
      name,
      ...(param.spec.description ? { description: param.spec.description } : {}),
      ...(choices ? { choices } : {}),
      ...(start === undefined ? {} : { initial: String(start) }),
      ...(rule ? { rule } : {}),
    };
  });
  return { id: runbook.id, title: runbook.title, params };
}
