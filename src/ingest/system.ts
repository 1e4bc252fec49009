import { cleanSystemName } from '../domain/system-name.js';
import { withoutTrailingOrdinal } from './linear-text.js';

/** Labels that name the service itself, most specific first. */
export const SERVICE_LABELS = [
  'service',
  'service_name',
  'app',
  'app_kubernetes_io_name',
  'application',
  'component',
  'job',
  'container',
] as const;
/** Labels that name a machine: the first DNS label of the host often names the service (`api-2.prod:9100`). */
export const HOST_LABELS = ['host', 'hostname', 'instance'] as const;

export const UNKNOWN_SYSTEM = 'unknown';

function hostPrefix(value: string): string | undefined {
  const host = value
    .replace(/^[a-z]+:\/\//i, '')
    .split(/[/:]/)[0]
    ?.trim();
  if (!host || /^[\d.]+$/.test(host) || host.startsWith('[')) return undefined;
  return host.split('.')[0];
}

/** How an estate reads service names off labels: how a raw value is cleaned, and which names it knows. */
export interface SystemNames {
  clean(raw: string): string;
  /** The estate's name for a cleaned candidate (or the same without its trailing ordinal), if any. */
  known(candidate: string): string | undefined;
}

/**
 * What normalizers know with no estate to ask: nothing. They name the first service-like label;
 * the ingest stage then maps it through the estate's directory (catalog or simulation).
 */
const NO_ESTATE: SystemNames = { clean: cleanSystemName, known: () => undefined };

/** An estate's names and aliases, as its directory resolves them (the catalog's, or the simulation's own). */
export function namesOf(resolve: (nameOrAlias: string) => string | undefined): SystemNames {
  return {
    clean: cleanSystemName,
    known: (candidate) => resolve(candidate) ?? resolve(withoutTrailingOrdinal(candidate)),
  };
}

/**
 * The service an alert is about. A label that names (or aliases) a service of the estate wins, so the
 * alert joins its dependency graph; otherwise the first service-like label, so unknown services still
 * open incidents under a recognisable name. Without `names` no label is known: the first one wins.
 */
export function systemFromLabels(
  labels: Readonly<Record<string, string>>,
  names: SystemNames = NO_ESTATE,
): string {
  const raw = [
    ...SERVICE_LABELS.map((name) => labels[name]),
    ...HOST_LABELS.map((name) => {
      const value = labels[name];
      return value === undefined ? undefined : hostPrefix(value);
    }),
  ];
  const candidates = raw
    .filter((value): value is string => typeof value === 'string')
    .map(names.clean)
    .filter((value) => value.length > 0);
  for (const candidate of candidates) {
    const known = names.known(candidate);
    if (known) return known;
  }
  return candidates[0] ?? UNKNOWN_SYSTEM;
}
