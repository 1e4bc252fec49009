/**
 * Every Redis key Warroom writes, in one place, under one prefix, with the hash tags a Redis
 * Cluster needs (harmless on one server): an incident's keys share its id's slot (`{INC-0007}`), so
 * scripts and transactions over them stay on one node while incidents spread across shards; keys
 * that span incidents (indexes, counters, correlation state, leases) share one named global tag
 * (`{<prefix>}`); BullMQ's queues share another, as flows across queues require.
 */
export function createKeys(prefix: string) {
  const incident = (id: string) => `${prefix}:incident:{${id}}`;
  const global = `${prefix}:{${prefix}}`;
  return {
    prefix,
    /** BullMQ's own prefix: queues live beside, not inside, the domain keys, all in one slot. */
    queuePrefix: `${prefix}:{${prefix}-q}`,
    incidentSequence: `${global}:seq:incident`,
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
    killSwitch: `${global}:kill-switch`,
    chaos: `${global}:chaos`,
    homeViewers: `${global}:slack:home-viewers`,
    /** A `/runbook dry-run` request's result until its private reply is sent (expires by itself). */
    runbookDryRun: (requestId: string) => `${prefix}:runbook-dry-run:${requestId}`,
    alertBatch: (batchId: string) => `${prefix}:ingest:batch:${batchId}`,
    /** Alert fingerprint → its incident, status, newest event time and delivery count. */
    alertIndex: `${global}:ingest:alerts`,
    incidentAlerts: (id: string) => `${incident(id)}:alerts`,
    incidentSystems: (id: string) => `${incident(id)}:alert-systems`,
    alertLastSeen: `${global}:ingest:last-alert-at`,
    alertDeliveries: `${global}:ingest:deliveries`,
    /** Open incident id → what placement reads of it: its system, opening time and alerts' systems (JSON). */
    ingestHeads: `${global}:ingest:heads`,
    /** Counters placement commits check: `structure` (heads, floods) and `reach` (newest alert times). */
    ingestPlacement: `${global}:ingest:placement`,
    /** A delivery's placement once committed, so a retried job redoes its writes and never places it twice. */
    ingestPlaced: (batchId: string) => `${global}:ingest:placed:${batchId}`,
    /** Incidents alerts of one source opened in one minute, for the flood limit. */
    incidentsOpenedBy: (source: string, window: number) => `${global}:ingest:opened:${source}:${window}`,
    /** Open alert-flood incident id → its source and minute. */
    alertFloods: `${global}:ingest:floods`,
    /**
     * Open incident id → when it opened, until its diagnosis is queued: placement reads it, and an
     * alert joining one still marked queues its diagnosis (its opening failed half way).
     */
    ingestOpening: `${global}:ingest:opening`,
    /**
     * Fingerprints whose alert-index entry is an early resolution → when it was last written (ms):
     * beside the alert index (one slot, one script), so the retention sweep can forget old ones.
     */
    earlyResolutions: `${global}:ingest:early-resolutions`,
    learning: `${global}:learning:stats`,
    specialistThresholds: `${global}:learning:specialist-thresholds`,
    /** Approvers' verdicts on root causes: `<signature>|rightCauses` → count. */
    causeTallies: `${global}:learning:cause-tallies`,
    /** The last approver's verdict per signature (signature → {verdict, by, at}), for App Home. */
    causeLast: `${global}:learning:cause-last`,
    /**
     * Each person's standing verdict on one incident's root cause (user → record). In the global
     * slot beside the tallies, so one script replaces a verdict and moves both counts at once.
     */
    causeVerdicts: (id: string) => `${global}:learning:cause-verdicts:${id}`,
    slackMessages: (id: string) => `${incident(id)}:slack`,
    slackSyncLease: (id: string) => `${incident(id)}:slack-lease`,
    /** Bumped on every change the thread should show; renders carry it so older ones never win. */
    revision: (id: string) => `${incident(id)}:rev`,
    /** Set while a Slack sync is queued and not yet started: later requests need not queue another. */
    syncPending: (id: string) => `${incident(id)}:sync-pending`,
    allIncidents: `${global}:incidents:all`,
    openIncidents: `${global}:incidents:open`,
    openFingerprints: `${global}:incidents:fingerprints`,
    /** Closed incident id → when it closed (ms): what the retention sweep works through. */
    closedIncidents: `${global}:incidents:closed`,
    /** Closed incident id → when it was archived to PostgreSQL (ms). */
    archivedIncidents: `${global}:incidents:archived`,
    /** Slack message ts → incident id, to route thread replies and button clicks. */
    slackRootIndex: `${global}:slack:roots`,
    channelPostSlot: (channel: string) => `${global}:slack:post-slot:${channel}`,
    /** The posting slots in `channel` incidents' parked syncs reserved, with each one's priority. */
    postQueue: (channel: string) => `${global}:slack:post-queue:${channel}`,
    /** The next free slot for a `chat.update` in `channel`, and the line of incidents waiting for one. */
    channelUpdateSlot: (channel: string) => `${global}:slack:update-slot:${channel}`,
    updateQueue: (channel: string) => `${global}:slack:update-queue:${channel}`,
    estate: `${global}:estate`,
    /** `/incident silence`: silence id → the silence (JSON); the sequence numbers them. */
    silences: `${global}:silences`,
    silenceSequence: `${global}:seq:silence`,
    /** Silence id → the alerts it held: how many, and the newest (JSON). */
    silenceHeld: `${global}:silences:held`,
    /** Recorded deploys: change id → when it happened (ms), and change id → the change (JSON). */
    changeTimes: `${global}:changes:at`,
    changes: `${global}:changes`,
    /** Rollouts (`CHG-0003`): their own counter, an index by time, and each one's keys in its own slot. */
    changeSequence: `${global}:seq:change`,
    rolloutIndex: `${global}:rollouts`,
    /** A request key (Slack trigger id, API idempotency key, a retried API body) → the change it opened, for a while. */
    rolloutRequest: (requestKey: string) => `${global}:rollouts:request:${requestKey}`,
    rollout: (id: string) => `${prefix}:change:{${id}}`,
    rolloutStepRecords: (id: string) => `${prefix}:change:{${id}}:step-records`,
    rolloutMessages: (id: string) => `${prefix}:change:{${id}}:slack`,
    rolloutSyncLease: (id: string) => `${prefix}:change:{${id}}:slack-lease`,
    /** What was paged for an incident: each target's trigger and resolve, and which round claimed it. */
    pages: (id: string) => `${incident(id)}:pages`,
    /** Routine tasks paused by hand (`/task pause`): task id → who and when. */
    taskPaused: `${global}:tasks:paused`,
    /** Per task: its last run and the incident its failures opened. */
    taskState: `${global}:tasks:state`,
    /** Task schedules the kill switch removed (id → cron and zone): `off` brings back every process's. */
    taskSuspended: `${global}:tasks:suspended`,
    /** One UTC day's task runs, their decisions and private replies (expires a week later). */
    taskRuns: (day: string) => `${global}:tasks:runs:${day}`,
    /** The at-most-once step records of one task run (`<task>.<run>`), as an incident's are. */
    taskStepRecords: (runKey: string) => `${prefix}:task-run:{${runKey}}:step-records`,
    /** The day's digest and approval messages in Slack, as an incident's messages are kept. */
    taskMessages: (day: string) => `${global}:tasks:slack:${day}`,
    taskSyncLease: (day: string) => `${global}:tasks:slack-lease:${day}`,
    /** Set while a monitor alert of this status is on its way through ingest: the next sweeps skip it. */
    monitorSent: (status: string, fingerprint: string) => `${global}:monitor:sent:${status}:${fingerprint}`,
    /** Which key layout this Redis holds (set once old untagged keys were moved; see key-layout-migration.ts). */
    keyLayout: `${global}:key-layout`,
    /** Held while one process moves old-layout keys; the others wait for `keyLayout`. */
    keyLayoutLease: `${global}:key-layout:lease`,
    /** Keys `/readyz` reads (they need not exist): one in the queues' slot, the global slot, an incident's. */
    readinessProbes: [
      `${prefix}:{${prefix}-q}:readiness`,
      `${global}:readiness`,
      `${incident('INC-0000')}:readiness`,
    ],
    idempotency: (scope: string, key: string) => `${prefix}:once:${scope}:${key}`,
    /** A signed request already seen (its signature), refused if it comes again within its window. */
    replaySeen: (scope: string, signature: string) => `${prefix}:replay:${scope}:${signature}`,
    /** Requests one person made in the current window of a per-user limit. */
    userRate: (scope: string, userId: string) => `${prefix}:rate:${scope}:${userId}`,
  };
}

export type Keys = ReturnType<typeof createKeys>;
