-- One number that every change to policies, groups or memberships increments in its own transaction. Each node
-- caches a user's grants under the number it read before computing them and reads the number again on every
-- request, so a revoked policy or membership takes effect on the next request, on every node.
CREATE TABLE policy_version (
    id      INTEGER PRIMARY KEY,
    version BIGINT  NOT NULL
);
INSERT INTO policy_version (id, version) VALUES (1, 0);
