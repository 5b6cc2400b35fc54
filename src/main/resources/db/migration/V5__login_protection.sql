-- Login throttling and MFA for Cofre's own users. Kept in the database so they hold across restarts and nodes.
CREATE TABLE login_attempts (
    attempt_key      VARCHAR(200) PRIMARY KEY,
    failures         INTEGER NOT NULL,
    first_failure_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until     TIMESTAMP WITH TIME ZONE
);

-- Addresses a user logged in from successfully: a flood of failures against the account from elsewhere does not
-- lock its owner out from these.
CREATE TABLE login_known_sources (
    user_id      UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip           VARCHAR(64) NOT NULL,
    last_success TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, ip)
);

ALTER TABLE users ADD COLUMN mfa_seed_ct BYTEA;
ALTER TABLE users ADD COLUMN mfa_pending_ct BYTEA;

-- A TOTP code accepted once (per user and time step) is refused if presented again.
CREATE TABLE mfa_used_codes (
    user_id  UUID   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    counter  BIGINT NOT NULL,
    used_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, counter)
);
