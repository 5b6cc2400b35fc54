-- Cofre schema, part 1: users, API tokens, credentials. Runs on H2 and PostgreSQL alike:
-- only types and syntax both accept (UUID, VARCHAR, BYTEA, TIMESTAMP WITH TIME ZONE).

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    admin         BOOLEAN      NOT NULL DEFAULT FALSE,
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_username_unique UNIQUE (username)
);

-- Bearer tokens are stored as SHA-256 of the token: a database dump does not let anyone call the API.
CREATE TABLE api_tokens (
    id          UUID PRIMARY KEY,
    token_hash  BYTEA        NOT NULL,
    user_id     UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Metadata in plain columns (searchable); the password and the TOTP seed only as barrier ciphertext.
CREATE TABLE credentials (
    id            UUID PRIMARY KEY,
    name          VARCHAR(200)  NOT NULL,
    name_key      VARCHAR(200)  NOT NULL,
    type          VARCHAR(16)   NOT NULL,
    username      VARCHAR(200),
    host          VARCHAR(255),
    port          INTEGER,
    url           VARCHAR(2048),
    description   VARCHAR(4000),
    password_ct   BYTEA,
    totp_seed_ct  BYTEA,
    totp_algorithm VARCHAR(8),
    totp_digits   INTEGER,
    totp_period   INTEGER,
    totp_issuer   VARCHAR(255),
    totp_account  VARCHAR(255),
    search_text   VARCHAR(3000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT        NOT NULL,
    CONSTRAINT credentials_name_unique UNIQUE (name_key)
);
CREATE INDEX credentials_username ON credentials (username);
CREATE INDEX credentials_host ON credentials (host);

CREATE TABLE credential_tags (
    credential_id UUID        NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
    tag           VARCHAR(64) NOT NULL,
    PRIMARY KEY (credential_id, tag)
);
CREATE INDEX credential_tags_tag ON credential_tags (tag);
