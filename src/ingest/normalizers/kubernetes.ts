import { z } from 'zod';
import { faultOfEvent, severityOfEvent } from '../../domain/kubernetes-fault.js';
import { cleanSystemName } from '../../domain/system-name.js';
import { type Alert, type NormalizeContext, receivedNow, StringRecord } from '../alert.js';
import { stableFingerprint } from '../fingerprint.js';
import { parsePayload } from '../payload-shape-error.js';
import { compactRecord, Instant, OptionalText, summarize, toIsoInstant } from './fields.js';
import { workloadOf } from './kubernetes-workload.js';

const OwnerReference = z.looseObject({ kind: z.string().min(1), name: z.string().min(1) });

/** A core/v1 Event as kubernetes-event-exporter's webhook receiver posts it: one per delivery. */
export const KubernetesEvent = z.looseObject({
  involvedObject: z.looseObject({
    kind: z.string().trim().min(1).max(100),
    /** DNS subdomain names: at most 253 characters, which also bounds the workload matching. */
    name: z.string().trim().min(1).max(253),
    namespace: OptionalText,
    labels: StringRecord.nullish(),
    ownerReferences: z.array(OwnerReference).nullish(),
  }),
  reason: z.string().trim().min(1),
  message: OptionalText,
  type: OptionalText,
  count: z.number().int().nonnegative().nullish(),
  firstTimestamp: Instant,
  lastTimestamp: Instant,
  eventTime: Instant,
  source: z.looseObject({ component: OptionalText, host: OptionalText }).nullish(),
});
type KubernetesEvent = z.infer<typeof KubernetesEvent>;

/** Labels that name the application, as the Kubernetes recommended labels and older charts set them. */
const APP_LABELS = ['app.kubernetes.io/name', 'app'] as const;

/**
 * Warning events become alerts; Normal events (scheduled, pulled, started) are not news and give
 * none. Repeats of one event (a growing `count`) and the same reason on another pod of the workload
 * share a fingerprint per (namespace, workload, reason): one series, not a new incident each time.
 */
export function normalizeKubernetes(payload: unknown, context: NormalizeContext = receivedNow()): Alert[] {
  const event = parsePayload(KubernetesEvent, payload);
  if (event.type !== 'Warning') return [];
  return [toAlert(event, context)];
}

function toAlert(event: KubernetesEvent, context: NormalizeContext): Alert {
  const { involvedObject: object, reason } = event;
  const namespace = object.namespace ?? 'default';
  const workload = workloadOf(object.kind, object.name, object.ownerReferences?.[0] ?? undefined);
  const appLabel = APP_LABELS.map((name) => object.labels?.[name]).find((value) => value?.trim());
  // The catalog's binding of this namespace and workload is the surest name; then the labels.
  const system =
    context.resolveWorkload?.(namespace, workload.toLowerCase()) ?? serviceOf(appLabel ?? workload, context);
  const message = event.message ?? '';
  const fault = faultOfEvent(reason, message);
  const labels = compactRecord([
    ['namespace', namespace],
    ['workload', workload],
    ['kind', object.kind],
    ['object', object.name],
    ['reason', reason],
    ['fault', fault],
    ['node', event.source?.host],
    ['component', event.source?.component],
  ]);
  return {
    source: 'kubernetes',
    fingerprint: stableFingerprint('kubernetes', [namespace, workload, reason]),
    status: 'firing',
    system,
    issue: `${reason} on ${object.kind === 'Pod' ? 'workload' : object.kind} ${namespace}/${workload}`,
    severity: severityOfEvent(fault),
    labels,
    annotations: compactRecord([
      ['message', message],
      ['count', event.count === null || event.count === undefined ? undefined : String(event.count)],
      ['lastTimestamp', toIsoInstant(event.lastTimestamp)],
    ]),
    startsAt: toIsoInstant(event.firstTimestamp) ?? toIsoInstant(event.eventTime) ?? context.receivedAt,
    endsAt: null,
    links: [],
    summary: summarize(message, `${reason} on ${object.kind} ${namespace}/${object.name}`),
  };
}

/** The catalog's name when it knows the workload (by name or alias), else the workload's own (ingest maps it). */
function serviceOf(name: string, context: NormalizeContext): string {
  const lowered = name.trim().toLowerCase();
  if (context.resolveService !== undefined) return context.resolveService(lowered) ?? lowered;
  return cleanSystemName(lowered) || lowered;
}
