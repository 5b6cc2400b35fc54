-- SSH gateway: users' public keys for gateway logins, pinned target host keys, and the sessions with their
-- recordings (barrier ciphertext, bound to "session:<id>" / "recording"). Runs on H2 and PostgreSQL alike.

CREATE TABLE ssh_user_keys (
    id           UUID PRIMARY KEY,
    user_id      UUID          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         VARCHAR(100),
    algorithm    VARCHAR(64)   NOT NULL,
    fingerprint  VARCHAR(100)  NOT NULL,
    public_key   VARCHAR(8192) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ssh_user_keys_unique UNIQUE (user_id, fingerprint)
);

-- Trust on first use: the first key a target offers is pinned; a different key later refuses the session.
CREATE TABLE ssh_host_keys (
    host        VARCHAR(255)  NOT NULL,
    port        INTEGER       NOT NULL,
    algorithm   VARCHAR(64)   NOT NULL,
    fingerprint VARCHAR(100)  NOT NULL,
    public_key  VARCHAR(8192) NOT NULL,
    pinned_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    pinned_by   VARCHAR(64),
    PRIMARY KEY (host, port)
);

-- No foreign keys to users or credentials: a session's history outlives both (as the audit trail does).
CREATE TABLE ssh_sessions (
    id                  UUID PRIMARY KEY,
    user_id             UUID,
    username            VARCHAR(64)  NOT NULL,
    credential_id       UUID         NOT NULL,
    credential_name     VARCHAR(200) NOT NULL,
    target_host         VARCHAR(255) NOT NULL,
    target_port         INTEGER      NOT NULL,
    target_username     VARCHAR(200),
    kind                VARCHAR(8)   NOT NULL,
    pty                 BOOLEAN      NOT NULL,
    client_ip           VARCHAR(64),
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at            TIMESTAMP WITH TIME ZONE,
    outcome             VARCHAR(16),
    failure             VARCHAR(500),
    exit_status         INTEGER,
    bytes_out           BIGINT       NOT NULL DEFAULT 0,
    bytes_in            BIGINT       NOT NULL DEFAULT 0,
    recording_ct        BYTEA,
    recording_truncated BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX ssh_sessions_started ON ssh_sessions (started_at);
CREATE INDEX ssh_sessions_user ON ssh_sessions (username);
CREATE INDEX ssh_sessions_credential ON ssh_sessions (credential_id);
