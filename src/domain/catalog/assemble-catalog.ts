import { type FreezeWindow, parseFreezeWindows } from '../rollout/freeze-windows.js';
import { METRIC_NAMES } from '../telemetry.js';
import { type Catalog, type CatalogService, createCatalog, type PromqlQueries } from './catalog.js';
import { findCycles } from './dependency-graph.js';
import type { CatalogExecutor } from './executors.js';
import { healthRulesOf, type ServiceHealthRules } from './health-rules.js';
import { type CatalogProblem, describeLocation, type SourceLocation } from './problems.js';
import {
  DEFAULT_PROMQL_TEMPLATES,
  escapeLabelValue,
  promqlValuesFor,
  renderPromql,
  selectorMatchers,
  UP_TEMPLATE,
} from './promql-templates.js';
import { mergeDrafts, type ServiceDraft } from './service-draft.js';
import type { Locate } from './zod-problems.js';

export interface LocatedExecutor {
  executor: CatalogExecutor;
  locate: Locate;
}

export interface CatalogSources {
  /** From Backstage entity files. */
  entities: readonly ServiceDraft[];
  /** From Warroom files: new services, or more fields for the entity of the same name. */
  services: readonly ServiceDraft[];
  executors: readonly LocatedExecutor[];
}

export type CatalogOutcome = { ok: true; catalog: Catalog } | { ok: false; problems: CatalogProblem[] };

interface Claim {
  kind: 'name' | 'alias';
  service: string;
  at: SourceLocation;
}

function claimedBy(claim: Claim): string {
  const whose = claim.kind === 'name' ? 'the name of a service' : `an alias of ${claim.service}`;
  return `already ${whose} at ${describeLocation(claim.at)}`;
}

/** One draft per service: duplicates refused, Warroom entries laid over their Backstage entity. */
function mergeSources(sources: CatalogSources, problems: CatalogProblem[]): ServiceDraft[] {
  const drafts = new Map<string, ServiceDraft>();
  const entityKeys = new Set<string>();
  const add = (draft: ServiceDraft, fromEntity: boolean) => {
    const key = draft.spec.name.toLowerCase();
    const existing = drafts.get(key);
    if (existing && !fromEntity && entityKeys.has(key)) {
      const merged = mergeDrafts(existing, draft);
      problems.push(...merged.problems);
      drafts.set(key, merged.draft);
      entityKeys.delete(key);
    } else if (existing) {
      const at = describeLocation(existing.locate(['name']));
      problems.push({
        ...draft.locate(['name']),
        message: `duplicate name "${draft.spec.name}": already at ${at}`,
      });
    } else {
      drafts.set(key, draft);
      if (fromEntity) entityKeys.add(key);
    }
  };
  for (const draft of sources.entities) add(draft, true);
  for (const draft of sources.services) add(draft, false);
  return [...drafts.values()];
}

/** Names and aliases form one case-insensitive namespace; the first to claim a key keeps it. */
function claimNames(drafts: readonly ServiceDraft[], problems: CatalogProblem[]): Map<string, Claim> {
  const claims = new Map<string, Claim>();
  const claim = (key: string, next: Claim, shown: string) => {
    const existing = claims.get(key.toLowerCase());
    if (existing)
      problems.push({ ...next.at, message: `duplicate ${next.kind} "${shown}": ${claimedBy(existing)}` });
    else claims.set(key.toLowerCase(), next);
  };
  for (const { spec, locate } of drafts)
    claim(spec.name, { kind: 'name', service: spec.name, at: locate(['name']) }, spec.name);
  for (const { spec, locate } of drafts) {
    (spec.aliases ?? []).forEach((alias, index) => {
      claim(alias, { kind: 'alias', service: spec.name, at: locate(['aliases', index]) }, alias);
    });
  }
  return claims;
}

function queriesOf(
  draft: ServiceDraft,
  selector: string | undefined,
): { queries: PromqlQueries; up: string; rateWindow: string } {
  const { telemetry } = draft.spec;
  const values = promqlValuesFor(draft.spec.name, selector, telemetry?.rateWindow);
  const queries: PromqlQueries = {};
  for (const metric of METRIC_NAMES) {
    const template = telemetry?.[metric] === undefined ? DEFAULT_PROMQL_TEMPLATES[metric] : telemetry[metric];
    if (template !== null) queries[metric] = renderPromql(template, values);
  }
  return { queries, up: renderPromql(UP_TEMPLATE, values), rateWindow: values.rateWindow };
}

/** Its health rules; a default rule on a signal whose query is dropped goes with the query. */
function healthRulesFor(draft: ServiceDraft, problems: CatalogProblem[]): ServiceHealthRules {
  const { telemetry, health } = draft.spec;
  const rules = healthRulesOf(health);
  for (const metric of METRIC_NAMES) {
    if (telemetry?.[metric] !== null || !rules.has(metric)) continue;
    if (health?.[metric]) {
      problems.push({
        ...draft.locate(['health', metric]),
        message: `no query for this signal: telemetry.${metric} is null`,
      });
    } else {
      rules.delete(metric);
    }
  }
  return rules;
}

function resolveService(
  draft: ServiceDraft,
  claims: ReadonlyMap<string, Claim>,
  executors: ReadonlySet<string>,
  problems: CatalogProblem[],
): CatalogService | null {
  const { spec, locate } = draft;
  const before = problems.length;
  if (spec.tier === undefined)
    problems.push({ ...locate(['tier']), message: 'required: 1, 2 or 3 (1 is the most critical)' });
  const dependsOn: string[] = [];
  (spec.dependsOn ?? []).forEach((dependency, index) => {
    const target = claims.get(dependency.toLowerCase());
    if (!target)
      problems.push({
        ...locate(['dependsOn', index]),
        message: `unknown dependency "${dependency}": no service or alias has this name`,
      });
    else if (!dependsOn.includes(target.service)) dependsOn.push(target.service);
  });
  if (spec.executor !== undefined && !executors.has(spec.executor)) {
    problems.push({
      ...locate(['executor']),
      message: `unknown executor "${spec.executor}": define it under executors:`,
    });
  }
  const selector =
    spec.telemetry?.selector === undefined ? undefined : selectorMatchers(spec.telemetry.selector);
  const { queries, up, rateWindow } = queriesOf(draft, selector);
  const health = healthRulesFor(draft, problems);
  if (problems.length > before || spec.tier === undefined) return null;
  const name = escapeLabelValue(spec.name);
  return {
    name: spec.name,
    aliases: spec.aliases ?? [],
    description: spec.description ?? '',
    ...(spec.owner ? { owner: spec.owner } : {}),
    tier: spec.tier,
    dependsOn,
    ...(spec.instances === undefined ? {} : { instances: spec.instances }),
    ...freezeOf(spec.freeze),
    ...(spec.runbookUrl === undefined ? {} : { runbookUrl: spec.runbookUrl }),
    approvers: spec.approvers ?? [],
    ...(spec.executor === undefined ? {} : { executor: spec.executor }),
    ...(spec.lifecycle === undefined ? {} : { lifecycle: spec.lifecycle }),
    telemetry: { selector: selector ?? `service="${name}"`, rateWindow, queries, up },
    logs: spec.logs ?? `{service="${name}"}`,
    health,
  };
}

/** The service's freeze windows, already checked by the schema. */
function freezeOf(texts: readonly string[] | undefined): { freeze?: FreezeWindow[] } {
  if (texts === undefined || texts.length === 0) return {};
  const parsed = parseFreezeWindows(texts);
  return parsed.ok ? { freeze: parsed.windows } : {};
}

function executorNames(executors: readonly LocatedExecutor[], problems: CatalogProblem[]): Set<string> {
  const seen = new Map<string, Locate>();
  for (const { executor, locate } of executors) {
    const first = seen.get(executor.name);
    if (first)
      problems.push({
        ...locate(['name']),
        message: `duplicate executor "${executor.name}": already at ${describeLocation(first(['name']))}`,
      });
    else seen.set(executor.name, locate);
  }
  return new Set(seen.keys());
}

/** The cross-file checks (duplicates, dependencies, cycles, executors), then the catalog. */
export function assembleCatalog(sources: CatalogSources): CatalogOutcome {
  const problems: CatalogProblem[] = [];
  const drafts = mergeSources(sources, problems);
  const claims = claimNames(drafts, problems);
  const executors = executorNames(sources.executors, problems);
  const services = drafts.flatMap((draft) => resolveService(draft, claims, executors, problems) ?? []);
  if (problems.length > 0) return { ok: false, problems };
  const byName = new Map(drafts.map((draft) => [draft.spec.name, draft]));
  for (const cycle of findCycles(new Map(services.map((service) => [service.name, service.dependsOn])))) {
    const [first = '', next] = cycle;
    const draft = byName.get(first);
    if (!draft) continue;
    // Point at the entry of `first` that starts the cycle, however it was spelled.
    const index = (draft.spec.dependsOn ?? []).findIndex(
      (name) => claims.get(name.toLowerCase())?.service === next,
    );
    problems.push({
      ...draft.locate(['dependsOn', index]),
      message: `dependency cycle: ${cycle.join(' → ')}`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    catalog: createCatalog(
      services,
      sources.executors.map(({ executor }) => executor),
    ),
  };
}
