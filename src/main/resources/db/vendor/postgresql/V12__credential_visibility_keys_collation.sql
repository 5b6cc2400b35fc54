-- PostgreSQL only. Host patterns become ranges on host_key / host_rev (V9, dev.cofre.credential.VisibleIds):
-- "starts with 'db-'" is host_key >= 'db-' AND host_key < 'db.', which holds only in byte order. Under a
-- linguistic collation (en_US.UTF-8, ICU) punctuation sorts differently, so both columns compare as "C".
ALTER TABLE credentials ALTER COLUMN host_key TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE credentials ALTER COLUMN host_rev TYPE VARCHAR(255) COLLATE "C";

-- Patterns without a literal start or end (*db*) test host_key with LIKE: move V8's trigram index from
-- LOWER(host) to host_key (same text; the application lower-cases it as policies compare hosts).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        DROP INDEX IF EXISTS credentials_host_trgm;
        CREATE INDEX credentials_host_trgm ON credentials USING gin (host_key gin_trgm_ops);
    END IF;
END
$$;
