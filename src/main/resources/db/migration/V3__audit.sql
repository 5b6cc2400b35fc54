-- Append-only, hash-chained audit trail. seq is contiguous (1, 2, 3, ...); hash = HMAC(audit key, prev_hash ||
-- canonical record); audit_head holds the last link so appends from several nodes serialize on one row lock.
CREATE TABLE audit_events (
    seq           BIGINT       PRIMARY KEY,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR(64),
    actor_id      UUID,
    via           VARCHAR(80),
    action        VARCHAR(40)  NOT NULL,
    credential_id UUID,
    target        VARCHAR(200),
    outcome       VARCHAR(16)  NOT NULL,
    ip            VARCHAR(64),
    user_agent    VARCHAR(300),
    detail        VARCHAR(500),
    prev_hash     BYTEA        NOT NULL,
    hash          BYTEA        NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_credential ON audit_events (credential_id, seq);
CREATE INDEX audit_events_actor ON audit_events (actor, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);

CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY,
    last_seq  BIGINT  NOT NULL,
    last_hash BYTEA
);
-- No record yet: last_hash NULL stands for the genesis link (32 zero bytes).
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, NULL);
