import {
  checkTimelineData,
  type TimelineData,
  TimelineEntry,
  type TimelineKind,
} from '../domain/timeline.js';
import { PermanentError } from '../errors.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

/** Kept per incident (approximately: Redis trims whole nodes). */
export const TIMELINE_MAX_ENTRIES = 2000;

export interface TimelineStore {
  /** Refuses (PermanentError, nothing written) details that do not fit the kind's schema. */
  append<K extends TimelineKind>(
    incidentId: string,
    type: K,
    data: TimelineData<K>,
    meta?: { by?: string; now?: Date },
  ): Promise<string>;
  read(incidentId: string, options?: { count?: number; after?: string }): Promise<TimelineEntry[]>;
}

/** A timeline entry as the stream stores it: field, value, field, value, …. */
export function timelineFields(
  type: TimelineKind,
  data: object,
  meta: { by?: string; now?: Date } = {},
): string[] {
  const fields = ['type', type, 'at', (meta.now ?? new Date()).toISOString(), 'data', JSON.stringify(data)];
  if (meta.by) fields.push('by', meta.by);
  return fields;
}

/** The fields of an entry whose details fit its kind's schema; else a PermanentError. */
export function checkedTimelineFields<K extends TimelineKind>(
  incidentId: string,
  type: K,
  data: TimelineData<K>,
  meta: { by?: string; now?: Date } = {},
): string[] {
  const checked = checkTimelineData(type, data);
  if (!checked.ok)
    throw new PermanentError('invalid_input', `Timeline entry ${type} for ${incidentId}: ${checked.issues}`);
  return timelineFields(type, data, meta);
}

/** One Redis stream per incident: the ordered record of what happened and who did it. */
export function createTimelineStore(redis: Redis, keys: Keys): TimelineStore {
  return {
    async append(incidentId, type, data, meta = {}) {
      const fields = checkedTimelineFields(incidentId, type, data, meta);
      const id = await redis.xadd(
        keys.timeline(incidentId),
        'MAXLEN',
        '~',
        String(TIMELINE_MAX_ENTRIES),
        '*',
        ...fields,
      );
      return id ?? '';
    },

    async read(incidentId, options = {}) {
      const start = options.after ? `(${options.after}` : '-';
      const rows = options.count
        ? await redis.xrange(keys.timeline(incidentId), start, '+', 'COUNT', options.count)
        : await redis.xrange(keys.timeline(incidentId), start, '+');
      return rows.map(([id, fields]) => {
        const record: Record<string, string> = {};
        for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] as string] = fields[i + 1] as string;
        return TimelineEntry.parse({
          id,
          type: record.type,
          at: record.at,
          by: record.by,
          data: record.data ? JSON.parse(record.data) : {},
        });
      });
    },
  };
}
