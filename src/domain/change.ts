import { z } from 'zod';
import { bfsDistances } from './graph-walk.js';
import { cleanSystemName } from './system-name.js';

const version = z.string().trim().min(1).max(100);
const webLink = z.url({ protocol: /^https?$/ }).max(2000);

/** `POST /webhooks/change`: a deploy a pipeline already made. Unknown fields are ignored. */
export const ChangeWebhookBody = z.object({
  service: z.string().trim().min(1).max(100),
  version,
  previousVersion: version.optional(),
  author: z.string().trim().min(1).max(100).optional(),
  url: webLink.optional(),
  /** When it rolled out; absent: when it was received. */
  at: z.iso.datetime({ offset: true }).optional(),
  /** The pipeline's own id of the deploy; a redelivery with the same id is recorded once. */
  id: z.string().trim().min(1).max(200).optional(),
});
export type ChangeWebhookBody = z.infer<typeof ChangeWebhookBody>;

/** A recorded change, as an incident names it. */
export const ChangeNote = z.object({
  id: z.string().min(1).max(200),
  service: z.string().min(1).max(100),
  version,
  previousVersion: version.optional(),
  author: z.string().max(100).optional(),
  url: webLink.optional(),
  at: z.iso.datetime(),
  /** `alert`: a deploy event that came in on an alert webhook (a PagerDuty change event, a generic deploy notice). */
  source: z.enum(['webhook', 'rollout', 'alert']),
});
export type ChangeNote = z.infer<typeof ChangeNote>;

/** How long after a change an incident on its service (or on what depends on it) names it, by default. */
export const DEFAULT_CHANGE_WINDOW_SECONDS = 3600;

/** The change a webhook body describes, its service in the estate's name, its id stable across redeliveries. */
export function changeFromWebhook(
  body: ChangeWebhookBody,
  receivedAt: Date,
  resolveService: (name: string) => string | undefined = () => undefined,
): ChangeNote {
  const service = resolveService(body.service) ?? cleanSystemName(body.service);
  const at = body.at ? new Date(body.at).toISOString() : receivedAt.toISOString();
  const id = body.id ?? [service, body.previousVersion ?? '', body.version, body.url ?? at].join('|');
  return ChangeNote.parse({
    id: id.slice(0, 200),
    service,
    version: body.version,
    ...(body.previousVersion ? { previousVersion: body.previousVersion } : {}),
    ...(body.author ? { author: body.author } : {}),
    ...(body.url ? { url: body.url } : {}),
    at,
    source: 'webhook',
  });
}

/**
 * The changes an incident on `system` opened at `openedAt` should name: changes within the window
 * before it on the service itself or on anything it depends on (directly or further down), newest
 * first. A change after the incident opened did not cause it.
 */
export function changesBefore(
  changes: readonly ChangeNote[],
  system: string,
  graph: Readonly<Record<string, readonly string[]>>,
  openedAt: Date,
  windowMs: number,
): ChangeNote[] {
  if (changes.length === 0) return [];
  // Service names come from alerts: `constructor` must not read Object's prototype.
  const next = (node: string) => (Object.hasOwn(graph, node) ? (graph[node] ?? []) : []);
  const upstream = new Set([system, ...bfsDistances(system, next).keys()]);
  const from = openedAt.getTime() - windowMs;
  return changes
    .filter((change) => {
      const at = Date.parse(change.at);
      return upstream.has(change.service) && at >= from && at <= openedAt.getTime();
    })
    .sort((a, b) => b.at.localeCompare(a.at));
}

function minutesBefore(change: ChangeNote, openedAt: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(openedAt) - Date.parse(change.at)) / 60_000));
  return minutes < 1 ? 'less than a minute before' : `${minutes} min before`;
}

/** "payments 2.5.0 rolled out 3 min before (from 2.4.9, by ci)": plain text, for the card and the RCA. */
export function changeLine(change: ChangeNote, openedAt: string): string {
  const details = [
    change.previousVersion ? `from ${change.previousVersion}` : undefined,
    change.author ? `by ${change.author}` : undefined,
  ].filter((part) => part !== undefined);
  const more = details.length > 0 ? ` (${details.join(', ')})` : '';
  return `${change.service} ${change.version} rolled out ${minutesBefore(change, openedAt)}${more}`;
}

/** The RCA's evidence lines for an incident's changes, first: "what changed just before?" is the first question. */
export function changeEvidence(changes: readonly ChangeNote[] | undefined, openedAt: string): string[] {
  return (changes ?? []).slice(0, 3).map((change) => `change: ${changeLine(change, openedAt)}`.slice(0, 300));
}
