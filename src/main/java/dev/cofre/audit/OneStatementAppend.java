package dev.cofre.audit;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL: a batch of records appended by one autocommitted statement. The head moves from the sequence this
 * node wrote last and the rows are inserted in the same statement, or nothing happens at all when another node
 * has moved the head since. One round trip and one commit per batch instead of three round trips (the head update
 * with its BEGIN, the insert, the COMMIT): on two shared cores PostgreSQL's per-statement work is as much the
 * token endpoint's limit as the JVM's (docs/BENCHMARKS.md).
 *
 * <p>The rows travel as one array per column ({@code unnest}), so the statement text is the same for every batch
 * size and stays prepared on the server. All records of a batch share one time.
 */
final class OneStatementAppend {

    private static final String SQL = """
            WITH moved AS (
                UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1 AND last_seq = ? RETURNING 1)
            INSERT INTO audit_events (%s)
            SELECT r.seq, ?, r.actor, r.actor_id, r.via, r.action, r.credential_id, r.target, r.outcome, r.ip,
                r.user_agent, r.detail, r.prev_hash, r.hash
            FROM unnest(?::bigint[], ?::varchar[], ?::uuid[], ?::varchar[], ?::varchar[], ?::uuid[], ?::varchar[],
                        ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bytea[], ?::bytea[])
                AS r(seq, actor, actor_id, via, action, credential_id, target, outcome, ip, user_agent, detail,
                     prev_hash, hash)
            WHERE EXISTS (SELECT 1 FROM moved)""".formatted(AuditChain.COLUMNS);

    private final JdbcTemplate template;

    OneStatementAppend(JdbcTemplate template) {
        this.template = template;
    }

    /**
     * Appends the entries after {@code fromSeq}; returns how many rows were inserted: all of them, or 0 when the
     * head is no longer at {@code fromSeq} (then nothing was changed).
     */
    int append(long fromSeq, List<AuditJournal.Entry> entries) {
        return template.execute((ConnectionCallback<Integer>) con -> {
            AuditJournal.Entry last = entries.get(entries.size() - 1);
            int n = entries.size();
            Long[] seq = new Long[n];
            String[] actor = new String[n], via = new String[n], action = new String[n], target = new String[n],
                    outcome = new String[n], ip = new String[n], userAgent = new String[n], detail = new String[n];
            UUID[] actorId = new UUID[n], credentialId = new UUID[n];
            byte[][] previous = new byte[n][], hash = new byte[n][];
            for (int i = 0; i < n; i++) {
                AuditJournal.Entry entry = entries.get(i);
                AuditEvent e = entry.event();
                seq[i] = e.seq();
                actor[i] = e.actor();
                actorId[i] = e.actorId();
                via[i] = e.via();
                action[i] = e.action().name();
                credentialId[i] = e.credentialId();
                target[i] = e.target();
                outcome[i] = e.outcome().name();
                ip[i] = e.ip();
                userAgent[i] = e.userAgent();
                detail[i] = e.detail();
                previous[i] = entry.previousHash();
                hash[i] = entry.hash();
            }
            try (PreparedStatement ps = con.prepareStatement(SQL)) {
                ps.setLong(1, last.event().seq());
                ps.setBytes(2, last.hash());
                ps.setLong(3, fromSeq);
                ps.setObject(4, entries.get(0).event().at().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                int p = 5;
                ps.setArray(p++, con.createArrayOf("bigint", seq));
                for (Object[] column : new Object[][] {actor, actorId, via, action, credentialId, target, outcome, ip,
                        userAgent, detail}) {
                    ps.setArray(p++, con.createArrayOf(column instanceof UUID[] ? "uuid" : "varchar", column));
                }
                ps.setArray(p++, con.createArrayOf("bytea", previous));
                ps.setArray(p, con.createArrayOf("bytea", hash));
                return ps.executeUpdate();
            }
        });
    }
}
