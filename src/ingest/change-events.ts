/**
 * Deploys and changes that arrive on the alert webhooks. They open no incident: they are recorded
 * as changes, so an incident that opens after them on the service (or what depends on it) names
 * them, as one after `POST /webhooks/change` does. Pure: the caller records what this returns.
 */
import { z } from 'zod';
import { ChangeNote } from '../domain/change.js';
import { cleanSystemName } from '../domain/system-name.js';
import type { AlertSource, NormalizeContext } from './alert.js';
import { httpLinks, IdText, isRecord, toIsoInstant } from './normalizers/fields.js';

const Text = z.string().trim().min(1);
const Details = z.record(z.string(), z.unknown()).nullish();

/**
 * A PagerDuty Events API v2 change event (`POST /v2/change/enqueue`), as CI/CD tools send it
 * (Buildkite, GitHub Actions, Ansible's `pagerduty_change`): pointed at `/webhooks/pagerduty`
 * instead of, or besides, PagerDuty. It has no `event_action` and no v3 `event` envelope.
 */
const PagerDutyChangeEvent = z.looseObject({
  routing_key: z.string().optional(),
  payload: z.looseObject({
    summary: Text,
    source: Text.nullish(),
    timestamp: z.union([z.string(), z.number()]).nullish(),
    custom_details: Details,
  }),
  links: z.array(z.looseObject({ href: z.string() })).nullish(),
});

/**
 * A deploy notice in plain JSON on `/webhooks/generic`, as pipelines post to any webhook:
 * `{"event_type": "deployment", "service": "web-api", "version": "v2.1.0", "timestamp": …}`.
 */
const GenericDeployEvent = z.looseObject({
  event_type: z.string().regex(/deploy|release|rollout/i),
  service: Text,
  version: Text,
  previous_version: Text.nullish(),
  previousVersion: Text.nullish(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  url: z.string().nullish(),
  deployed_by: Text.nullish(),
  author: Text.nullish(),
  details: Details,
});

const VERSION_MAX = 100;

function textOf(details: Record<string, unknown> | null | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = IdText.safeParse(details?.[name]);
    if (value.success && value.data && value.data.trim() !== '') return value.data.trim();
  }
  return undefined;
}

function note(
  fields: {
    via: AlertSource;
    service: string;
    version: string;
    previousVersion?: string | undefined;
    author?: string | undefined;
    links: readonly string[];
    at: string | number | null | undefined;
    ownId?: string | undefined;
  },
  context: NormalizeContext,
): ChangeNote | undefined {
  const service = context.resolveService?.(fields.service) ?? cleanSystemName(fields.service);
  if (!service) return undefined;
  const at = toIsoInstant(fields.at) ?? context.receivedAt;
  const version = fields.version.slice(0, VERSION_MAX);
  const [url] = fields.links;
  const id = [fields.via, service, version, fields.ownId ?? at].join('|').slice(0, 200);
  const parsed = ChangeNote.safeParse({
    id,
    service,
    version,
    ...(fields.previousVersion ? { previousVersion: fields.previousVersion.slice(0, VERSION_MAX) } : {}),
    ...(fields.author ? { author: fields.author.slice(0, 100) } : {}),
    ...(url ? { url } : {}),
    at,
    source: 'alert',
  });
  return parsed.success ? parsed.data : undefined;
}

function fromPagerDuty(payload: unknown, context: NormalizeContext): ChangeNote | undefined {
  if (!isRecord(payload) || 'event' in payload || 'event_action' in payload) return undefined;
  const parsed = PagerDutyChangeEvent.safeParse(payload);
  if (!parsed.success) return undefined;
  const { summary, source, timestamp, custom_details: details } = parsed.data.payload;
  const service = textOf(details, 'service', 'service_name', 'app', 'application') ?? source;
  const build = textOf(details, 'build_number', 'build');
  const version =
    textOf(details, 'version', 'revision', 'release', 'tag', 'commit') ??
    (build ? `build ${build}` : summary);
  if (!service) return undefined;
  return note(
    {
      via: 'pagerduty',
      service,
      version,
      previousVersion: textOf(details, 'previous_version', 'previousVersion'),
      author: textOf(details, 'user', 'author', 'deployed_by', 'build_developer'),
      links: httpLinks(...(parsed.data.links ?? []).map((link) => link.href)),
      at: timestamp,
      ownId: build,
    },
    context,
  );
}

function fromGeneric(payload: unknown, context: NormalizeContext): ChangeNote | undefined {
  const parsed = GenericDeployEvent.safeParse(payload);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  return note(
    {
      via: 'generic',
      service: event.service,
      version: event.version,
      previousVersion: event.previousVersion ?? event.previous_version ?? undefined,
      author: event.author ?? event.deployed_by ?? textOf(event.details, 'deployed_by', 'author', 'user'),
      links: httpLinks(event.url, textOf(event.details, 'url', 'logs_url')),
      at: event.timestamp,
    },
    context,
  );
}

const DETECTORS: Partial<
  Record<AlertSource, (payload: unknown, context: NormalizeContext) => ChangeNote | undefined>
> = {
  pagerduty: fromPagerDuty,
  generic: fromGeneric,
};

/** The change a delivery announces instead of alerts (a deploy), or undefined for an alert delivery. */
export function changeFromDelivery(
  source: AlertSource,
  payload: unknown,
  context: NormalizeContext,
): ChangeNote | undefined {
  return DETECTORS[source]?.(payload, context);
}
