import { isActive, Silence, silencesToEnd } from '../domain/silence.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

/** What a silence held back: how many distinct alerts (a redelivery is the same one), and the newest. */
export interface HeldAlerts {
  count: number;
  last?: { system: string; issue: string; at: string };
}

/** Fingerprints kept per silence to count distinct alerts; past it, every delivery counts. */
const MAX_FINGERPRINTS = 1000;

interface StoredHeld extends HeldAlerts {
  fingerprints?: string[];
}

export interface SilenceWithHeld extends Silence {
  held: HeldAlerts;
}

export interface SilenceStore {
  add(silence: Omit<Silence, 'id'>): Promise<Silence>;
  /** Active silences, oldest first; expired ones are dropped as they are met. */
  active(now: Date): Promise<Silence[]>;
  /** Active silences with the alerts each held. */
  list(now: Date): Promise<SilenceWithHeld[]>;
  /**
   * Ends early the active silences `/incident unsilence` names (an id, a service or an alert name);
   * returns those it ended, none when nothing matched (and nothing changes).
   */
  end(text: string, now: Date): Promise<Silence[]>;
  /** Records an alert a silence held instead of opening an incident. */
  hold(
    silenceId: string,
    alert: { fingerprint: string; system: string; issue: string; at: string },
  ): Promise<void>;
}

function formatSilenceId(n: number): string {
  return `SIL-${String(n).padStart(4, '0')}`;
}

export function createSilenceStore(redis: Redis, keys: Keys): SilenceStore {
  const active = async (now: Date): Promise<Silence[]> => {
    const raw = await redis.hgetall(keys.silences);
    const all = Object.values(raw).map((value) => Silence.parse(JSON.parse(value)));
    const expired = all.filter((silence) => !isActive(silence, now)).map((silence) => silence.id);
    if (expired.length > 0) {
      await redis
        .multi()
        .hdel(keys.silences, ...expired)
        .hdel(keys.silenceHeld, ...expired)
        .exec();
    }
    return all
      .filter((silence) => isActive(silence, now))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  };

  return {
    async add(input) {
      const silence = Silence.parse({
        ...input,
        id: formatSilenceId(await redis.incr(keys.silenceSequence)),
      });
      await redis.hset(keys.silences, silence.id, JSON.stringify(silence));
      return silence;
    },
    active,
    async list(now) {
      const silences = await active(now);
      if (silences.length === 0) return [];
      const raws = await redis.hmget(keys.silenceHeld, ...silences.map((silence) => silence.id));
      return silences.map((silence, index) => {
        const raw = raws[index];
        const held: StoredHeld = raw ? (JSON.parse(raw) as StoredHeld) : { count: 0 };
        return { ...silence, held: { count: held.count, ...(held.last ? { last: held.last } : {}) } };
      });
    },
    async end(text, now) {
      const ended = silencesToEnd(await active(now), text, now);
      if (ended.length === 0) return [];
      const batch = redis.multi();
      for (const silence of ended) batch.hdel(keys.silences, silence.id).hdel(keys.silenceHeld, silence.id);
      const results = (await batch.exec()) ?? [];
      // HDEL reports what it removed: two people ending the same silence at once end it once.
      return ended.filter((_, index) => Number(results[index * 2]?.[1]) === 1);
    },
    async hold(silenceId, { fingerprint, ...alert }) {
      // One script: ingest workers holding alerts of one silence at once lose no count, and the
      // fingerprint list dedups a retried delivery's replay.
      await withScripts(redis).warroomSilenceHold(
        keys.silenceHeld,
        keys.silences,
        silenceId,
        fingerprint,
        JSON.stringify(alert),
        String(MAX_FINGERPRINTS),
      );
    },
  };
}
