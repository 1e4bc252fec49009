import { cleanSystemName, normalizeSystem } from '../domain/system-name.js';
import { isKnownService } from '../sim/services.js';
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

function estateName(candidate: string): string | undefined {
  const withoutOrdinal = normalizeSystem(withoutTrailingOrdinal(candidate));
  if (isKnownService(candidate)) return candidate;
  return isKnownService(withoutOrdinal) ? withoutOrdinal : undefined;
}

/** The simulated estate's names and aliases: what normalizers use, with no catalog to ask. */
const SIMULATED_NAMES: SystemNames = { clean: normalizeSystem, known: estateName };

/** A catalog's names and aliases, as a resolver gives them: no simulated alias is ever applied. */
export function namesOf(resolve: (nameOrAlias: string) => string | undefined): SystemNames {
  return {
    clean: cleanSystemName,
    known: (candidate) => resolve(candidate) ?? resolve(withoutTrailingOrdinal(candidate)),
  };
}

/**
 * The service an alert is about. A label that names (or aliases) a service of the estate wins, so the
 * alert joins its dependency graph; otherwise the first service-like label, so unknown services still
 * open incidents under a recognisable name.
 */
export function systemFromLabels(
  labels: Readonly<Record<string, string>>,
  names: SystemNames = SIMULATED_NAMES,
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
