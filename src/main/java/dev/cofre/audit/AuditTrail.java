package dev.cofre.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Front door of the audit feature: append a record (durably, before the audited answer leaves), read and
 * filter the trail, export it, and verify its chain.
 */
public class AuditTrail {

    private final JdbcAuditSink sink;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate readOnly;
    private final AuditChain chain;
    private final List<Consumer<AuditEvent>> forwarders;

    AuditTrail(JdbcAuditSink sink, JdbcClient jdbc, JdbcTemplate template, TransactionTemplate readOnly,
               AuditChain chain, List<Consumer<AuditEvent>> forwarders) {
        this.sink = sink;
        this.jdbc = jdbc;
        this.template = template;
        this.readOnly = readOnly;
        this.chain = chain;
        this.forwarders = forwarders;
    }

    /**
     * Appends the record and returns once it is committed.
     *
     * @throws AuditUnavailableException when it cannot be written: the caller must not carry out the act
     */
    public AuditEvent record(AuditEvent event) {
        AuditEvent placed = sink.append(event);
        forwarders.forEach(f -> f.accept(placed));
        return placed;
    }

    public AuditPage search(AuditQuery q) {
        Filter f = filter(q);
        long total = jdbc.sql("SELECT COUNT(*) FROM audit_events" + f.where()).params(f.params()).query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(f.params());
        pageParams.add(q.size());
        pageParams.add((long) q.page() * q.size());
        List<AuditEvent> items = jdbc.sql("SELECT * FROM audit_events" + f.where() + " ORDER BY seq DESC LIMIT ? OFFSET ?")
                .params(pageParams).query((rs, n) -> map(rs)).list();
        return new AuditPage(items, q.page(), q.size(), total);
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single();
    }

    /** Streams every record matching the filters (oldest first) as JSON Lines, in constant memory. */
    public void exportJsonLines(AuditQuery q, Writer out) {
        Filter f = filter(q);
        stream("SELECT * FROM audit_events" + f.where() + " ORDER BY seq", f.params().toArray(), rs -> {
            try {
                out.write(AuditJson.line(map(rs)));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Walks the whole chain in sequence order, in constant memory, and reports the first broken link. */
    public AuditVerification verify() {
        long[] count = {0};
        long[] expectedSeq = {1};
        byte[][] previous = {AuditChain.GENESIS};
        Long[] brokenAt = {null};
        stream("SELECT * FROM audit_events ORDER BY seq", new Object[0], rs -> {
            count[0]++;
            if (brokenAt[0] != null) {
                return;
            }
            AuditEvent e = map(rs);
            byte[] storedPrev = rs.getBytes("prev_hash");
            byte[] storedHash = rs.getBytes("hash");
            if (e.seq() != expectedSeq[0] || !AuditChain.same(storedPrev, previous[0])
                    || !AuditChain.same(storedHash, chain.link(previous[0], e))) {
                brokenAt[0] = Math.min(e.seq(), expectedSeq[0]);
                return;
            }
            previous[0] = storedHash;
            expectedSeq[0]++;
        });
        if (brokenAt[0] == null) {
            // A deleted tail leaves the head pointing past the last record.
            var head = jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
                    .query((rs, n) -> new Object[] {rs.getLong(1),
                            rs.getBytes(2) == null ? AuditChain.GENESIS : rs.getBytes(2)}).single();
            if ((long) head[0] != expectedSeq[0] - 1 || !AuditChain.same((byte[]) head[1], previous[0])) {
                brokenAt[0] = expectedSeq[0];
            }
        }
        return new AuditVerification(brokenAt[0] == null, count[0], brokenAt[0]);
    }

    private record Filter(String where, List<Object> params) {
    }

    private static Filter filter(AuditQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.actor() != null) {
            where.append(" AND actor = ?");
            params.add(q.actor());
        }
        if (q.credentialId() != null) {
            where.append(" AND credential_id = ?");
            params.add(q.credentialId());
        }
        if (q.action() != null) {
            where.append(" AND action = ?");
            params.add(q.action().name());
        }
        if (q.from() != null) {
            where.append(" AND at >= ?");
            params.add(q.from().atOffset(java.time.ZoneOffset.UTC));
        }
        if (q.to() != null) {
            where.append(" AND at < ?");
            params.add(q.to().atOffset(java.time.ZoneOffset.UTC));
        }
        return new Filter(where.toString(), params);
    }

    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private void stream(String sql, Object[] params, RowHandler handler) {
        // Inside a transaction with a fetch size, PostgreSQL streams with a cursor instead of loading every row.
        readOnly.executeWithoutResult(status -> template.query(con -> {
            var ps = con.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(1000);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps;
        }, (RowCallbackHandler) handler::handle));
    }

    static AuditEvent map(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("seq"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getObject("actor_id", UUID.class), rs.getString("via"),
                AuditAction.valueOf(rs.getString("action")), rs.getObject("credential_id", UUID.class),
                rs.getString("target"), AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("ip"),
                rs.getString("user_agent"), rs.getString("detail"));
    }
}
