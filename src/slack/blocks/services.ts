import type { HealthState } from '../../domain/catalog/index.js';
import { context, fallbackText, listBlocks } from './kit.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, oneLine } from './text.js';

/** One service of the estate and its health right now. */
export interface ServiceHealthView {
  name: string;
  state: HealthState;
  owner: string | null;
  tier: number | null;
  reasons: readonly string[];
  /** What could not be measured (no data, failed queries). */
  unmeasured: readonly string[];
}

export interface ServicesView {
  /** The team's catalog (true) or the simulated estate standing in for one. */
  catalog: boolean;
  services: readonly ServiceHealthView[];
}

const STATE_ICON: Readonly<Record<HealthState, string>> = {
  healthy: '🟢',
  degraded: '🟠',
  down: '🔴',
  unknown: '⚪',
};

function clean(text: string, max: number): string {
  return escapeAndTruncate(oneLine(text), max);
}

function serviceLine(service: ServiceHealthView, detail: 'full' | 'compact'): string {
  const owner = service.owner ? ` · ${clean(service.owner, 60)}` : '';
  const tier = service.tier ? ` · tier ${service.tier}` : '';
  const head = `${STATE_ICON[service.state]} *${clean(service.name, 60)}* ${service.state}${owner}${tier}`;
  const why = service.state === 'unknown' ? service.unmeasured : service.reasons;
  const shown = detail === 'full' ? why.slice(0, 3) : why.slice(0, 1);
  const more = why.length > shown.length ? ` (+${why.length - shown.length} more)` : '';
  return (
    [head, ...shown.map((line) => `    ${clean(line, 300)}`)].join('\n') + (shown.length > 0 ? more : '')
  );
}

function tally(services: readonly ServiceHealthView[]): string {
  const counts = new Map<HealthState, number>();
  for (const service of services) counts.set(service.state, (counts.get(service.state) ?? 0) + 1);
  return (['down', 'degraded', 'unknown', 'healthy'] as const)
    .filter((state) => counts.has(state))
    .map((state) => `${counts.get(state)} ${state}`)
    .join(', ');
}

/** `/incident services`: every service with its health now, and what could not be measured. */
export function servicesMessage(view: ServicesView): SlackMessage {
  const source = view.catalog ? 'your catalog' : 'the simulated estate (no WARROOM_CATALOG)';
  const summary = `${view.services.length} services in ${source}: ${tally(view.services) || 'none'}`;
  const blocks: KnownBlock[] = [
    ...listBlocks(
      `*Services* · ${clean(summary, 300)}`,
      view.services.map((service) => serviceLine(service, 'full')),
      { maxItems: 60, itemMax: 1200, maxBlocks: 40, noun: 'more services' },
    ),
    context(['⚪ unknown: nothing measured it (no data or a failed query); it is never counted as healthy.']),
  ];
  return { text: fallbackText(summary), blocks };
}

/** App Home's compact form: the unhealthy and unknown first, one reason each. */
export function servicesHomeBlocks(services: readonly ServiceHealthView[]): KnownBlock[] {
  const order: Readonly<Record<HealthState, number>> = { down: 0, degraded: 1, unknown: 2, healthy: 3 };
  const sorted = [...services].sort(
    (a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name),
  );
  return [
    ...listBlocks(
      `*Your services* · ${tally(services) || 'none'}`,
      sorted.map((service) => serviceLine(service, 'compact')),
      { maxItems: 20, itemMax: 500, maxBlocks: 4, noun: 'more services: /incident services' },
    ),
  ];
}
