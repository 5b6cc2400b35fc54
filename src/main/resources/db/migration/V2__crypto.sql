-- One sealed marker per master key version, so a wrong master key refuses start-up instead of failing on every
-- read (see dev.cofre.crypto.MasterKeyCheck). BYTEA is valid in PostgreSQL and in H2 2.x (any mode);
-- VARBINARY / BINARY VARYING are not valid in PostgreSQL.
CREATE TABLE crypto_key_check (
    key_version INTEGER                  NOT NULL PRIMARY KEY,
    check_value BYTEA                    NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
