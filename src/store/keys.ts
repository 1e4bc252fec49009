/** Every Redis key Warroom writes, in one place, under one prefix. */
export function createKeys(prefix: string) {
  const incident = (id: string) => `${prefix}:incident:${id}`;
  return {
    prefix,
    /** BullMQ's own prefix: queues live beside, not inside, the domain keys. */
    queuePrefix: `${prefix}:q`,
    incidentSequence: `${prefix}:seq:incident`,
    ticket: incident,
    timeline: (id: string) => `${incident(id)}:timeline`,
    stages: (id: string) => `${incident(id)}:stages`,
    outputs: (id: string) => `${incident(id)}:outputs`,
    telemetry: (id: string) => `${incident(id)}:telemetry`,
    approvals: (id: string) => `${incident(id)}:approvals`,
    manualSteps: (id: string) => `${incident(id)}:manual-done`,
    /** Runbook step starts and outcomes, one field each: the at-most-once record of every executor call. */
    stepRecords: (id: string) => `${incident(id)}:step-records`,
    /** Per-step approvals of runbook steps: each request and the decision that stands. */
    stepApprovals: (id: string) => `${incident(id)}:step-approvals`,
    killSwitch: `${prefix}:kill-switch`,
    chaos: `${prefix}:chaos`,
    homeViewers: `${prefix}:slack:home-viewers`,
    /** A `/runbook dry-run` request's result until its private reply is sent (expires by itself). */
    runbookDryRun: (requestId: string) => `${prefix}:runbook-dry-run:${requestId}`,
    alertBatch: (batchId: string) => `${prefix}:ingest:batch:${batchId}`,
    /** Alert fingerprint → its incident, status, newest event time and delivery count. */
    alertIndex: `${prefix}:ingest:alerts`,
    incidentAlerts: (id: string) => `${incident(id)}:alerts`,
    incidentSystems: (id: string) => `${incident(id)}:alert-systems`,
    alertLastSeen: `${prefix}:ingest:last-alert-at`,
    alertDeliveries: `${prefix}:ingest:deliveries`,
    ingestLease: `${prefix}:ingest:lease`,
    /** Incidents alerts of one source opened in one minute, for the flood limit. */
    incidentsOpenedBy: (source: string, window: number) => `${prefix}:ingest:opened:${source}:${window}`,
    /** Open alert-flood incident id → its source and minute. */
    alertFloods: `${prefix}:ingest:floods`,
    learning: `${prefix}:learning:stats`,
    specialistThresholds: `${prefix}:learning:specialist-thresholds`,
    slackMessages: (id: string) => `${incident(id)}:slack`,
    slackSyncLease: (id: string) => `${incident(id)}:slack-lease`,
    /** Bumped on every change the thread should show; renders carry it so older ones never win. */
    revision: (id: string) => `${incident(id)}:rev`,
    /** Set while a Slack sync is queued and not yet started: later requests need not queue another. */
    syncPending: (id: string) => `${incident(id)}:sync-pending`,
    allIncidents: `${prefix}:incidents:all`,
    openIncidents: `${prefix}:incidents:open`,
    openFingerprints: `${prefix}:incidents:fingerprints`,
    /** Closed incident id → when it closed (ms): what the retention sweep works through. */
    closedIncidents: `${prefix}:incidents:closed`,
    /** Closed incident id → when it was archived to PostgreSQL (ms). */
    archivedIncidents: `${prefix}:incidents:archived`,
    /** Slack message ts → incident id, to route thread replies and button clicks. */
    slackRootIndex: `${prefix}:slack:roots`,
    channelPostSlot: (channel: string) => `${prefix}:slack:post-slot:${channel}`,
    /** The posting slot in `channel` an incident's parked sync reserved and will post in when it wakes. */
    postReservation: (channel: string, id: string) => `${incident(id)}:slack-slot:${channel}`,
    estate: `${prefix}:estate`,
    idempotency: (scope: string, key: string) => `${prefix}:once:${scope}:${key}`,
    /** A signed request already seen (its signature), refused if it comes again within its window. */
    replaySeen: (scope: string, signature: string) => `${prefix}:replay:${scope}:${signature}`,
    /** Requests one person made in the current window of a per-user limit. */
    userRate: (scope: string, userId: string) => `${prefix}:rate:${scope}:${userId}`,
  };
}

export type Keys = ReturnType<typeof createKeys>;
