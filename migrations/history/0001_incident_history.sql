-- Closed incidents, archived from Redis. Every child table is keyed by the incident so an archive
-- job that runs again replaces its rows instead of adding more.
CREATE TABLE incidents (
  id          text PRIMARY KEY,
  system      text NOT NULL,
  sev         text NOT NULL,
  status      text NOT NULL,
  source      text NOT NULL,
  issue       text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  closed_at   timestamptz NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  ticket      jsonb NOT NULL,
  postmortem  text
);
CREATE INDEX incidents_created_at ON incidents (created_at DESC);
CREATE INDEX incidents_status ON incidents (status, created_at DESC);

CREATE TABLE incident_timeline (
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  entry_id    text NOT NULL,
  position    integer NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  by_user     text,
  data        jsonb NOT NULL,
  PRIMARY KEY (incident_id, entry_id)
);

-- Who decided what on each approval round, when and why.
CREATE TABLE incident_decisions (
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  round       integer NOT NULL,
  route       text NOT NULL,
  state       text NOT NULL,
  opened_at   timestamptz NOT NULL,
  kind        text,
  decided_by  text,
  decided_at  timestamptz,
  reason      text,
  entry       jsonb NOT NULL,
  PRIMARY KEY (incident_id, round)
);

-- RCA, plans, guard reports, dry runs, verifications: one row per stage key.
CREATE TABLE incident_outputs (
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  stage_key   text NOT NULL,
  output      jsonb NOT NULL,
  PRIMARY KEY (incident_id, stage_key)
);

CREATE TABLE incident_stage_runs (
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  stage_key   text NOT NULL,
  run         jsonb NOT NULL,
  PRIMARY KEY (incident_id, stage_key)
);

-- The audit trail: every executor call, from its at-most-once step record (rendered text masked).
CREATE TABLE incident_actions (
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  round       integer NOT NULL,
  step_id     text NOT NULL,
  phase       text NOT NULL,
  executor    text,
  started_at  timestamptz,
  outcome     text,
  finished_at timestamptz,
  start       jsonb NOT NULL,
  result      jsonb,
  PRIMARY KEY (incident_id, round, step_id, phase)
);

CREATE TABLE incident_alerts (
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  fingerprint text NOT NULL,
  status      text NOT NULL,
  PRIMARY KEY (incident_id, fingerprint)
);

CREATE TABLE incident_slack_messages (
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  message_key text NOT NULL,
  channel     text NOT NULL,
  ts          text NOT NULL,
  permalink   text NOT NULL,
  PRIMARY KEY (incident_id, message_key)
);
