-- PostgreSQL only (Flyway location db/vendor/{vendor}): trigram indexes make the credential search
-- (search_text LIKE '%q%') and host-pattern policies (LOWER(host) LIKE '%.db.internal') index scans instead of
-- full scans. pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create it; where it is
-- not allowed, Cofre still works and searches by scanning.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trgm cannot be created by this user; credential search will scan the table';
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX IF NOT EXISTS credentials_search_trgm ON credentials USING gin (search_text gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS credentials_host_trgm ON credentials USING gin (LOWER(host) gin_trgm_ops);
    END IF;
END
$$;
