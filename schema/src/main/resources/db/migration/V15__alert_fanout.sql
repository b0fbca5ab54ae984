-- Alert fan-out, version 15: the state the fan-out keeps between invocations, so grouping,
-- de-duplication, silences and "never post twice" survive cold starts and hold across concurrent
-- invocations (com.storepulse.alerts.AlertFanout; docs/operations/alerting.md).
--
-- alert_state (V1) becomes one row per fingerprint (an alarm's name, an app alert's fingerprint):
-- its current state, whether Slack was told it fires, and the incident it belongs to. The
-- function never ran before this version, so the table is empty and its V1 severity default
-- ('warning') is replaced by P0..P2.
ALTER TABLE alert_state ALTER COLUMN severity DROP DEFAULT;
ALTER TABLE alert_state
    ADD CONSTRAINT alert_state_severity_ck CHECK (severity IN ('P0', 'P1', 'P2')),
    ADD CONSTRAINT alert_state_state_ck CHECK (state IN ('firing', 'resolved')),
    ADD COLUMN runbook         text,
    ADD COLUMN state_since     timestamptz NOT NULL DEFAULT now(),
    -- 'firing' while Slack was last told this alert fires (a resolved notice is then owed).
    ADD COLUMN notified_state  text CHECK (notified_state IN ('firing', 'resolved'));

-- One row per received notification (an SNS message id, an EventBridge event id) and group it
-- was routed to. The primary key makes a retried invocation find its own notice instead of
-- counting it twice; batch_id says which message carried it (null while it waits in its group).
CREATE TABLE alert_notice (
    message_id   text        NOT NULL,
    group_key    text        NOT NULL,
    fingerprint  text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('firing', 'resolved')),
    -- false: recorded but not posted (a duplicate, silenced, or a resolved nobody was told fired)
    notify       boolean     NOT NULL,
    reason       text,
    notice       jsonb       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    batch_id     bigint,
    PRIMARY KEY (message_id, group_key)
);
CREATE INDEX alert_notice_waiting_idx ON alert_notice (group_key, received_at)
    WHERE notify AND batch_id IS NULL;
CREATE INDEX alert_notice_received_idx ON alert_notice (received_at);

-- A group is one Slack webhook and one severity. Its row is the lock that decides who sends
-- the group's next message and when (last_sent_at + the group interval).
CREATE TABLE alert_group (
    group_key            text        PRIMARY KEY,
    webhook              text        NOT NULL,
    last_sent_at         timestamptz,
    -- an invocation waits for the group's next send time; others leave their notices to it
    flush_claimed_until  timestamptz
);

-- One Slack message: its Block Kit body, rendered once, and whether Slack accepted it. A
-- retried invocation re-sends only the batches not yet sent.
CREATE TABLE alert_batch (
    batch_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_key      text        NOT NULL,
    webhook        text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('notify', 'repeat', 'unrecognised')),
    payload        jsonb       NOT NULL,
    alerts         integer     NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    last_error     text,
    claimed_until  timestamptz
);
CREATE INDEX alert_batch_unsent_idx ON alert_batch (created_at) WHERE sent_at IS NULL;

-- Slack takes about one message a second per incoming webhook: each post first takes the next
-- free second of its webhook here (and a 429's Retry-After pushes it), across all instances.
CREATE TABLE alert_webhook_pace (
    webhook       text        PRIMARY KEY,
    next_slot_at  timestamptz NOT NULL
);

-- Silences: a fingerprint, or a name pattern (* and ? wildcards), muted until ends_at.
CREATE TABLE alert_silence (
    silence_id    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fingerprint   text,
    name_pattern  text,
    ends_at       timestamptz NOT NULL,
    comment       text        NOT NULL,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT alert_silence_one_matcher_ck CHECK ((fingerprint IS NULL) <> (name_pattern IS NULL))
);
CREATE INDEX alert_silence_active_idx ON alert_silence (ends_at);

-- Incidents for the status page: from a fingerprint's first firing to its resolution. Only the
-- severity and the runbook anchor are shown publicly (never an app alert's title or details).
CREATE TABLE alert_incident (
    incident_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fingerprint  text        NOT NULL,
    severity     text        NOT NULL CHECK (severity IN ('P0', 'P1', 'P2')),
    runbook      text,
    started_at   timestamptz NOT NULL,
    resolved_at  timestamptz
);
CREATE UNIQUE INDEX alert_incident_open_uk ON alert_incident (fingerprint) WHERE resolved_at IS NULL;
CREATE INDEX alert_incident_started_idx ON alert_incident (started_at);
