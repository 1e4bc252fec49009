import { type CatalogProblem, describeLocation, type PathSegment, type SourceLocation } from './problems.js';
import type { ServiceSpec } from './service-spec.js';

export type ServiceDraftSpec = ServiceSpec & { lifecycle?: string };

/** A service as one source (or a Backstage entity plus a Warroom file) describes it, before cross-checks. */
export interface ServiceDraft {
  spec: ServiceDraftSpec;
  /** Where a part of the spec was written, by its path in the spec (`['dependsOn', 0]`). */
  locate(path: readonly PathSegment[]): SourceLocation;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/**
 * A Warroom file's entry laid over the Backstage entity of the same name: it adds fields (and
 * fields of owner, telemetry and health); a field both give with different values is a problem.
 */
export function mergeDrafts(
  entity: ServiceDraft,
  extra: ServiceDraft,
): { draft: ServiceDraft; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const merged: Record<string, unknown> = { ...entity.spec };
  const conflict = (path: PathSegment[]) =>
    problems.push({
      ...extra.locate(path),
      message: `conflicts with the Backstage entity (${describeLocation(entity.locate(path))}): give it in one place`,
    });
  for (const [field, value] of Object.entries(extra.spec)) {
    const base = merged[field];
    if (field === 'name' || value === undefined) continue;
    if (base === undefined) merged[field] = value;
    else if (isPlainObject(base) && isPlainObject(value)) {
      const inner: Record<string, unknown> = { ...base };
      for (const [key, part] of Object.entries(value)) {
        if (part === undefined) continue;
        if (inner[key] !== undefined && !same(inner[key], part)) conflict([field, key]);
        else inner[key] = part;
      }
      merged[field] = inner;
    } else if (!same(base, value)) conflict([field]);
  }
  const fromExtra = (path: readonly PathSegment[]): boolean => {
    let value: unknown = extra.spec;
    for (const segment of path.slice(0, 2)) {
      if (!isPlainObject(value)) return true;
      value = value[String(segment)];
      if (value === undefined) return false;
    }
    return true;
  };
  return {
    draft: {
      spec: merged as ServiceDraftSpec,
      locate: (path) => (path.length > 0 && fromExtra(path) ? extra : entity).locate(path),
    },
    problems,
  };
}
