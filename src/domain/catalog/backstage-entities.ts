/**
 * Backstage catalog entities (`catalog-info.yaml`) as services: kinds Component and Resource;
 * Warroom's own fields ride in `warroom/…` annotations. Other kinds are left alone.
 */
import { z } from 'zod';
import type { CatalogProblem, DocumentSource, PathSegment } from './problems.js';
import type { ServiceDraft } from './service-draft.js';
import { ServiceSpec } from './service-spec.js';
import { parseLocated } from './zod-problems.js';

export const SERVICE_ENTITY_KINDS = ['Component', 'Resource'] as const;

export const WARROOM_ANNOTATIONS = [
  'warroom/tier',
  'warroom/slack',
  'warroom/approvers',
  'warroom/selector',
] as const;

/** Only what Warroom reads; Backstage's other fields (tags, links, spec.type, …) pass untouched. */
const Entity = z.object({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z
    .object({
      owner: z.string().min(1).optional(),
      dependsOn: z.array(z.string().min(1)).optional(),
      lifecycle: z.string().optional(),
    })
    .optional(),
});
type Entity = z.infer<typeof Entity>;

/** `component:default/payments`, `resource:ledger-db`, `payments` → `payments`. */
export function entityRefName(ref: string): string {
  const afterKind = ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
  return afterKind.slice(afterKind.lastIndexOf('/') + 1).trim();
}

const annotationPath = (name: string): PathSegment[] => ['metadata', 'annotations', name];

/** Where each part of the service spec sits in the entity document. */
function entityPath(path: readonly PathSegment[]): PathSegment[] {
  const [field, part] = path;
  switch (field) {
    case 'name':
      return ['metadata', 'name'];
    case 'description':
      return ['metadata', 'description'];
    case 'owner':
      return part === 'slack' ? annotationPath('warroom/slack') : ['spec', 'owner'];
    case 'tier':
      return annotationPath('warroom/tier');
    case 'approvers':
      return annotationPath('warroom/approvers');
    case 'telemetry':
      return annotationPath('warroom/selector');
    case 'dependsOn':
    case 'lifecycle':
      return ['spec', ...path];
    default:
      return [];
  }
}

/** The service fields the entity gives, unchecked: ServiceSpec checks them as for a Warroom file. */
function specOf(entity: Entity): Record<string, unknown> {
  const annotations = new Map(Object.entries(entity.metadata.annotations ?? {}));
  const tier = annotations.get('warroom/tier');
  const slack = annotations.get('warroom/slack');
  const approvers = annotations.get('warroom/approvers');
  const selector = annotations.get('warroom/selector');
  const owner = entity.spec?.owner;
  return {
    name: entity.metadata.name,
    ...(entity.metadata.description === undefined ? {} : { description: entity.metadata.description }),
    ...(owner === undefined && slack === undefined
      ? {}
      : { owner: { team: owner === undefined ? '' : entityRefName(owner), ...(slack ? { slack } : {}) } }),
    // A number-looking annotation becomes the number; anything else is left for the tier check to refuse.
    ...(tier === undefined ? {} : { tier: /^\d+$/.test(tier) ? Number(tier) : tier }),
    ...(entity.spec?.dependsOn ? { dependsOn: entity.spec.dependsOn.map(entityRefName) } : {}),
    ...(approvers === undefined
      ? {}
      : {
          approvers: approvers
            .split(',')
            .map((id) => id.trim())
            .filter((id) => id.length > 0),
        }),
    ...(selector === undefined ? {} : { telemetry: { selector } }),
  };
}

/** The service one entity document describes; null for an empty document or another kind. */
export function entityDraft(
  value: unknown,
  source: DocumentSource,
): { draft: ServiceDraft | null; problems: CatalogProblem[] } {
  if (value === null || value === undefined) return { draft: null, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value) || !('kind' in value)) {
    return { draft: null, problems: [{ ...source.locate([]), message: 'not a Backstage entity (no kind)' }] };
  }
  if (!(SERVICE_ENTITY_KINDS as readonly unknown[]).includes(value.kind))
    return { draft: null, problems: [] };
  const entity = parseLocated(Entity, value, (path) => source.locate(path));
  if (!entity.ok) return { draft: null, problems: entity.problems };
  const problems: CatalogProblem[] = [];
  for (const name of Object.keys(entity.value.metadata.annotations ?? {})) {
    if (name.startsWith('warroom/') && !(WARROOM_ANNOTATIONS as readonly string[]).includes(name)) {
      problems.push({
        ...source.locate(annotationPath(name)),
        message: `unknown Warroom annotation (known: ${WARROOM_ANNOTATIONS.join(', ')})`,
      });
    }
  }
  const locate = (path: readonly PathSegment[]) => source.locate(entityPath(path));
  const checked = parseLocated(ServiceSpec, specOf(entity.value), locate);
  const lifecycle = entity.value.spec?.lifecycle;
  if (!checked.ok) return { draft: null, problems: [...problems, ...checked.problems] };
  return {
    draft: { spec: { ...checked.value, ...(lifecycle === undefined ? {} : { lifecycle }) }, locate },
    problems,
  };
}
