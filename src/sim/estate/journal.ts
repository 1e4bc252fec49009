import { SERVICE_NAMES } from '../services.js';
import type { EstateState, JournalChange, ServiceState } from './estate-state.js';

/** Service fields compared as a whole; instances are compared one by one, so undoing one leaves the rest. */
const WHOLE_FIELDS = ['faults', 'replicas', 'diskBaselinePct', 'knownGood', 'site', 'strain'] as const;
type WholeField = (typeof WHOLE_FIELDS)[number];

const INSTANCE_PREFIX = 'instances.';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every field that differs between the two states, with its value before. */
export function diffStates(before: EstateState, after: EstateState): JournalChange[] {
  const changes: JournalChange[] = [];
  for (const service of SERVICE_NAMES) {
    const was = before.services[service];
    const is = after.services[service];
    for (const field of WHOLE_FIELDS) {
      if (!same(was[field], is[field])) changes.push({ service, field, before: was[field] });
    }
    was.instances.forEach((instance, index) => {
      if (!same(instance, is.instances[index])) {
        changes.push({ service, field: `${INSTANCE_PREFIX}${index}`, before: instance });
      }
    });
  }
  return changes;
}

function restoreField(service: ServiceState, change: JournalChange): ServiceState {
  if (change.field.startsWith(INSTANCE_PREFIX)) {
    const index = Number(change.field.slice(INSTANCE_PREFIX.length));
    const instances = service.instances.map((instance, at) =>
      at === index ? (change.before as ServiceState['instances'][number]) : instance,
    );
    return { ...service, instances };
  }
  return { ...service, [change.field as WholeField]: change.before };
}

export function restoreChanges(state: EstateState, changes: readonly JournalChange[]): EstateState {
  const services = { ...state.services };
  for (const change of changes) services[change.service] = restoreField(services[change.service], change);
  return { ...state, services };
}
