import { formatIncidentId } from '../domain/incident-id.js';
import { isClosed, Status } from '../domain/status.js';
import { Ticket } from '../domain/ticket.js';
import { PermanentError } from '../errors.js';
import { createBoundedCache } from './bounded-cache.js';
import { createIncidentRetention } from './incident-retention.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { queueScript } from './scripts.js';
import { execAll } from './transaction.js';
import { createVersioned, updateVersioned, type Versioned } from './versioned-json.js';

const parseTicket = (raw: unknown) => Ticket.parse(raw);

/**
 * Fingerprints that joined an open incident after it opened live beside the document, in the
 * ticket hash's `joined` field (JSON array, appended by warroomJoinIncident): alerts joining an
 * incident on every delivery never rewrite the ticket. A ticket read carries them in `alerts`.
 */
export const TICKET_JOINED_FIELD = 'joined';

/** The joined fingerprints each ticket this store handed out was read with (stripped again on write). */
const joinedOf = new WeakMap<Ticket, readonly string[]>();

/** The stored document with the fingerprints that joined it (`raw`: the `joined` field, or ''/null). */
export function ticketWithJoined(doc: Ticket, raw: string | null | undefined): Ticket {
  return withJoined(doc, raw ? (JSON.parse(raw) as string[]) : []);
}

function withJoined(doc: Ticket, joined: readonly string[]): Ticket {
  const ticket = joined.length === 0 ? doc : { ...doc, alerts: [...new Set([...doc.alerts, ...joined])] };
  joinedOf.set(ticket, joined);
  return ticket;
}

/** The document to store: the joined fingerprints stay in their own field. */
function withoutJoined(ticket: Ticket, joined: readonly string[]): Ticket {
  if (joined.length === 0) return ticket;
  const beside = new Set(joined);
  return { ...ticket, alerts: ticket.alerts.filter((fingerprint) => !beside.has(fingerprint)) };
}

/** The status beside the document, so a stage can check it as it starts without decoding the ticket. */
export const TICKET_STATUS_FIELD = 'status';
const HEAD_FIELDS = [TICKET_STATUS_FIELD, 'system', 'createdAt'] as const;
const indexTicket = (ticket: Ticket) => HEAD_FIELDS.flatMap((field) => [field, ticket[field]]);

/** What correlation needs of an open incident, read without the document (its alert list grows). */
export type TicketHead = Pick<Ticket, 'id' | 'status' | 'system' | 'createdAt'>;

export interface TicketStore {
  nextId(): Promise<string>;
  /** How many ids were ever issued: an id at or under it existed, even if its keys are gone. */
  issuedCount(): Promise<number>;
  /**
   * Writes a new ticket (false: it exists). An open one enters the open set marked as opening (in
   * the same step) until `diagnosisQueued`: an alert joining it meanwhile queues its diagnosis.
   */
  create(ticket: Ticket): Promise<boolean>;
  /** The incident's diagnosis is queued (or under way): its opening mark goes. */
  diagnosisQueued(id: string): Promise<void>;
  /** Incidents marked as opening since before `beforeMs` (their opening stopped half way, or still runs). */
  openingSince(beforeMs: number): Promise<string[]>;
  get(id: string): Promise<Ticket | undefined>;
  require(id: string): Promise<Ticket>;
  /**
   * Compare-and-set update; `change` may run more than once and returns undefined to skip.
   * `known` is a copy the caller just read; without one, the copy this process last read or wrote.
   * That copy is tried first and the ticket re-read only if someone wrote since. Alerts joining
   * (IngestStore.joinIncident) write no version: the ticket returned lacks those that joined after its copy was read.
   */
  update(
    id: string,
    change: (ticket: Ticket) => Ticket | undefined,
    options?: { now?: Date; known?: Ticket },
  ): Promise<Ticket>;
  listOpen(): Promise<Ticket[]>;
  listOpenHeads(): Promise<TicketHead[]>;
  listRecent(limit: number): Promise<Ticket[]>;
  /** Claims `fingerprint` for `id` while open; returns the id of the open incident already holding it. */
  claimFingerprint(fingerprint: string, id: string): Promise<string | undefined>;
}

/** Tickets this process last read or wrote, tried first by an update (the CAS says if one is stale). */
const LAST_KNOWN_TICKETS = 1_000;

export interface TicketStoreHooks {
  /** After an incident reached a closed status (the archive job is queued here). Failures are the hook's own. */
  onClosed?(id: string): Promise<void>;
}

export function createTicketStore(redis: Redis, keys: Keys, hooks: TicketStoreHooks = {}): TicketStore {
  const lastKnown = createBoundedCache<Ticket>(LAST_KNOWN_TICKETS);

  async function read(id: string): Promise<Versioned<Ticket> | undefined> {
    const [doc, version, joined] = await redis.hmget(keys.ticket(id), 'doc', 'version', TICKET_JOINED_FIELD);
    if (doc == null || version == null) return undefined;
    return { doc: ticketWithJoined(parseTicket(JSON.parse(doc)), joined), version: Number(version) };
  }

  async function get(id: string): Promise<Ticket | undefined> {
    const ticket = (await read(id))?.doc;
    if (ticket) lastKnown.set(id, ticket);
    return ticket;
  }

  async function getMany(ids: string[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    // One command per ticket, not a pipeline: tickets live in their own slots on a Cluster, and
    // auto-pipelining still sends them in one write per node.
    const raws = await Promise.all(ids.map((id) => redis.hmget(keys.ticket(id), 'doc', TICKET_JOINED_FIELD)));
    return raws.flatMap(([doc, joined]) =>
      typeof doc === 'string' ? [ticketWithJoined(parseTicket(JSON.parse(doc)), joined)] : [],
    );
  }

  async function afterStatusChange(before: Status | undefined, after: Ticket, now: Date): Promise<void> {
    if (before === after.status) return;
    if (before !== undefined && isClosed(before) && !isClosed(after.status)) {
      await createIncidentRetention(redis, keys).keep(after.id);
      await redis.zadd(keys.openIncidents, Date.parse(after.createdAt), after.id);
      return;
    }
    if (!isClosed(after.status)) return;
    const tx = redis
      .multi()
      .zrem(keys.openIncidents, after.id)
      // The retention sweep expires closed incidents' keys and trims the indexes.
      .zadd(keys.closedIncidents, now.getTime(), after.id)
      // Closed again after a reopen or a stale retirement: the archive must be written again.
      .hdel(keys.archivedIncidents, after.id);
    // Only release the fingerprint if this incident still holds it.
    queueScript(tx, 'warroomHdelIfEquals', keys.openFingerprints, after.fingerprint, after.id);
    await execAll(tx);
    await hooks.onClosed?.(after.id);
  }

  return {
    async nextId() {
      return formatIncidentId(await redis.incr(keys.incidentSequence));
    },

    async issuedCount() {
      return Number((await redis.get(keys.incidentSequence)) ?? 0);
    },

    async create(ticket) {
      const created = await createVersioned(redis, keys.ticket(ticket.id), ticket, indexTicket);
      if (!created) return false;
      joinedOf.set(ticket, []);
      lastKnown.set(ticket.id, ticket);
      const score = Date.parse(ticket.createdAt);
      const tx = redis.multi().zadd(keys.allIncidents, score, ticket.id);
      // Marked as it enters the open set: a placement read forgets marks of incidents not open.
      if (!isClosed(ticket.status))
        tx.zadd(keys.openIncidents, score, ticket.id).hset(keys.ingestOpening, ticket.id, score);
      else tx.zadd(keys.closedIncidents, Date.parse(ticket.updatedAt), ticket.id);
      await execAll(tx);
      return true;
    },

    async diagnosisQueued(id) {
      await redis.hdel(keys.ingestOpening, id);
    },

    async openingSince(beforeMs) {
      const marks = await redis.hgetall(keys.ingestOpening);
      return Object.entries(marks).flatMap(([id, atMs]) => (Number(atMs) < beforeMs ? [id] : []));
    },

    get,

    async require(id) {
      const ticket = await get(id);
      if (!ticket) throw new PermanentError('not_found', `No incident ${id}`, { httpStatus: 404 });
      return ticket;
    },

    async update(id, change, options = {}) {
      const now = options.now ?? new Date();
      let before: Status | undefined;
      let joined: readonly string[] = [];
      const guess = options.known ?? lastKnown.get(id);
      // Only a copy this store handed out says which of its alerts live beside the document.
      const known = guess && joinedOf.has(guess) ? { doc: guess, version: guess.version } : undefined;
      const result = await updateVersioned(
        redis,
        keys.ticket(id),
        parseTicket,
        (current, version) => {
          if (!current) throw new PermanentError('not_found', `No incident ${id}`, { httpStatus: 404 });
          before = current.status;
          joined = joinedOf.get(current) ?? [];
          const next = change(current);
          if (!next) return undefined;
          return withoutJoined({ ...next, version: version + 1, updatedAt: now.toISOString() }, joined);
        },
        known,
        indexTicket,
        () => read(id),
      );
      if (!result) throw new PermanentError('not_found', `No incident ${id}`, { httpStatus: 404 });
      const ticket = joinedOf.has(result.doc) ? result.doc : withJoined(result.doc, joined);
      lastKnown.set(id, ticket);
      await afterStatusChange(before, ticket, now);
      return ticket;
    },

    async listOpen() {
      return getMany(await redis.zrange(keys.openIncidents, 0, -1));
    },

    async listOpenHeads() {
      const ids = await redis.zrange(keys.openIncidents, 0, -1);
      if (ids.length === 0) return [];
      const heads = await Promise.all(
        ids.map(async (id): Promise<TicketHead | undefined> => {
          const [status, system, createdAt] = await redis.hmget(keys.ticket(id), ...HEAD_FIELDS);
          if (status && system && createdAt) return { id, status: Status.parse(status), system, createdAt };
          // Written before these fields were kept beside the document (or gone meanwhile).
          return get(id);
        }),
      );
      return heads.filter((head): head is TicketHead => head !== undefined);
    },

    async listRecent(limit) {
      return getMany(await redis.zrange(keys.allIncidents, 0, limit - 1, 'REV'));
    },

    async claimFingerprint(fingerprint, id) {
      const claimed = await redis.hsetnx(keys.openFingerprints, fingerprint, id);
      if (claimed === 1) return undefined;
      const holder = await redis.hget(keys.openFingerprints, fingerprint);
      if (!holder || holder === id) return undefined;
      const holderTicket = await get(holder);
      if (holderTicket && !isClosed(holderTicket.status)) return holder;
      // The holder closed without releasing (or vanished): take the fingerprint over.
      await redis.hset(keys.openFingerprints, fingerprint, id);
      return undefined;
    },
  };
}
