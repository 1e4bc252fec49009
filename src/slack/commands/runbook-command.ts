/** `/runbook list [service] | show ID | dry-run ID service [param=value…]`, parsed. Pure. */
export type RunbookCommand =
  | { kind: 'list'; service?: string }
  | { kind: 'show'; id: string }
  | { kind: 'dry-run'; id: string; service: string; overrides: ReadonlyMap<string, string> }
  | { kind: 'usage'; problem?: string };

/** What a runbook looks like to people: no rendered command, only what each step does and needs. */
export interface RunbookView {
  id: string;
  title: string;
  description?: string;
  services: readonly string[];
  faults: readonly string[];
  alerts: readonly string[];
  auto: boolean;
  params: ReadonlyArray<{ name: string; from?: string; hasDefault: boolean }>;
  steps: ReadonlyArray<{ id: string; title: string; executor: string; risk: string; approval: string }>;
}

export const RUNBOOK_USAGE = [
  '*/runbook* — the team runbooks Warroom may run (`WARROOM_RUNBOOKS`)',
  '• `/runbook list [service]`: every runbook, or those for one service',
  '• `/runbook show ID`: what it matches, its params and its steps',
  '• `/runbook dry-run ID service [param=value…]`: each step dry-run by its executor, nothing changed (approvers of the service)',
].join('\n');

export function parseRunbookCommand(text: string): RunbookCommand {
  const [verb, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  switch (verb) {
    case undefined:
    case 'help':
      return { kind: 'usage' };
    case 'list':
      if (rest.length > 1) return { kind: 'usage', problem: '`list` takes at most one service' };
      return rest[0] ? { kind: 'list', service: rest[0] } : { kind: 'list' };
    case 'show':
      if (rest.length !== 1 || !rest[0]) return { kind: 'usage', problem: '`show` takes one runbook id' };
      return { kind: 'show', id: rest[0] };
    case 'dry-run': {
      const [id, service, ...pairs] = rest;
      if (!id || !service) return { kind: 'usage', problem: '`dry-run` takes a runbook id and a service' };
      const overrides = new Map<string, string>();
      for (const pair of pairs) {
        const at = pair.indexOf('=');
        if (at <= 0) return { kind: 'usage', problem: `\`${pair}\` is not param=value` };
        overrides.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return { kind: 'dry-run', id, service, overrides };
    }
    default:
      return { kind: 'usage', problem: `unknown subcommand \`${verb}\`` };
  }
}

function matchesLine(view: RunbookView): string {
  const parts = [
    view.services.length > 0 ? `services ${view.services.join(', ')}` : 'any service',
    ...(view.faults.length > 0 ? [`faults ${view.faults.join(', ')}`] : []),
    ...(view.alerts.length > 0 ? [`alerts ${view.alerts.join(', ')}`] : []),
  ];
  return parts.join(' · ');
}

export function runbookListText(views: readonly RunbookView[], service?: string): string {
  if (views.length === 0)
    return service ? `No runbook matches \`${service}\`.` : 'No runbooks are loaded (`WARROOM_RUNBOOKS`).';
  const head = service ? `*Runbooks for \`${service}\`*` : '*Runbooks*';
  const lines = views.slice(0, 40).map((view) => {
    const auto = view.auto ? ' · auto' : '';
    return `• \`${view.id}\` ${view.title} (${view.steps.length} step(s)${auto}): ${matchesLine(view)}`;
  });
  const more = views.length > 40 ? [`…and ${views.length - 40} more`] : [];
  return [head, ...lines, ...more].join('\n');
}

export function runbookShowText(view: RunbookView): string {
  const params = view.params.map((param) => {
    const source = param.from
      ? ` (from the incident's ${param.from})`
      : param.hasDefault
        ? ' (has a default)'
        : '';
    return `\`${param.name}\`${source}`;
  });
  return [
    `*\`${view.id}\`* ${view.title}${view.auto ? ' · may run alone under AUTO_REMEDIATE' : ''}`,
    ...(view.description ? [view.description] : []),
    `Matches: ${matchesLine(view)}`,
    `Params: ${params.length > 0 ? params.join(', ') : 'none'}`,
    'Steps:',
    ...view.steps.map(
      (step, index) =>
        `${index + 1}. \`${step.id}\` ${step.title} · executor \`${step.executor}\` · ${step.risk} risk · ${step.approval === 'per-step' ? 'its own approval' : 'the plan approval'}`,
    ),
  ].join('\n');
}
