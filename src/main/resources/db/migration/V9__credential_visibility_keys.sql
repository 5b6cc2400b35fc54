-- Keys that let a non-admin's credential list be answered by indexes (dev.cofre.credential.VisibleIds):
-- host_key is the host in lower case (host patterns with a literal prefix become a range on it), host_rev is
-- host_key reversed (patterns with only a literal suffix, like *.prod.example.com, become a range on it).
-- The application writes both with every host change. H2 has no REVERSE(), so the existing rows are filled by
-- the Java migration 9.1 (dev.cofre.credential.VisibilityKeysBackfill) with the same functions.
ALTER TABLE credentials ADD COLUMN host_key VARCHAR(255);
ALTER TABLE credentials ADD COLUMN host_rev VARCHAR(255);
-- The id in the index: a pattern's LIKE is tested on index entries and the ids come from them, not the table.
CREATE INDEX credentials_host_key ON credentials (host_key, id);
CREATE INDEX credentials_host_rev ON credentials (host_rev, id);

-- A tag's credentials straight from the index (it replaces the index on the tag alone).
CREATE INDEX credential_tags_tag_credential ON credential_tags (tag, credential_id);
DROP INDEX credential_tags_tag;
