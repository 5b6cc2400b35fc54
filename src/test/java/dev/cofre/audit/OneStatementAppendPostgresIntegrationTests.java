package dev.cofre.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.cofre.support.PostgresDatabase;

/**
 * The PostgreSQL one-statement append against a real server: it moves the head and inserts the rows together,
 * changes nothing when the head has moved or when any row fails, and stores every column exactly as given
 * (the rows travel as array literals, so quoting must survive any text).
 */
class OneStatementAppendPostgresIntegrationTests {

    private final AuditChain chain = new AuditChain(new byte[32]);
    private HikariDataSource pool;
    private JdbcClient jdbc;
    private OneStatementAppend append;

    @BeforeEach
    void migrate() {
        pool = new HikariDataSource();
        pool.setJdbcUrl(PostgresDatabase.newDatabaseUrl());
        pool.setUsername("postgres");
        pool.setPassword("");
        pool.setMaximumPoolSize(2);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                .target("3").load().migrate();
        jdbc = JdbcClient.create(pool);
        append = new OneStatementAppend(new JdbcTemplate(pool));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    /** Entries chained from {@code seq}/{@code previous} as the writer chains them: one time for the batch. */
    private List<AuditJournal.Entry> chained(long seq, byte[] previous, List<AuditEvent> events) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditChain.Linker linker = chain.linker();
        List<AuditJournal.Entry> entries = new ArrayList<>();
        for (AuditEvent event : events) {
            AuditEvent e = event.placed(++seq, at);
            byte[] hash = linker.link(previous, e);
            entries.add(new AuditJournal.Entry(e, previous, hash));
            previous = hash;
        }
        return entries;
    }

    private static AuditEvent view(String target) {
        return AuditEvent.of("alice", UUID.randomUUID(), "token:t", "127.0.0.1", "curl/8", AuditAction.TOKEN_VIEW,
                UUID.randomUUID(), target, AuditOutcome.SUCCESS, null);
    }

    private long head() {
        return jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();
    }

    private long rows() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single();
    }

    @Test
    void appendsTheBatchAndMovesTheHeadInOneStatement() {
        List<AuditJournal.Entry> first = chained(0, AuditChain.GENESIS, List.of(view("a"), view("b"), view("c")));
        assertThat(append.append(0, first)).isEqualTo(3);
        List<AuditJournal.Entry> second = chained(3, first.get(2).hash(), List.of(view("d")));
        assertThat(append.append(3, second)).isEqualTo(1);

        assertThat(head()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT last_hash FROM audit_head WHERE id = 1").query(byte[].class).single())
                .isEqualTo(second.get(0).hash());
        StoredChain stored = StoredChain.walk(jdbc, chain);
        assertThat(stored.records()).isEqualTo(4);
        assertThat(stored.broken()).isEmpty();
    }

    @Test
    void changesNothingWhenAnotherNodeHasMovedTheHead() {
        List<AuditJournal.Entry> other = chained(0, AuditChain.GENESIS, List.of(view("other node")));
        assertThat(append.append(0, other)).isEqualTo(1);

        List<AuditJournal.Entry> stale = chained(0, AuditChain.GENESIS, List.of(view("x"), view("y")));
        assertThat(append.append(0, stale)).isZero();

        assertThat(head()).isEqualTo(1);
        assertThat(rows()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT target FROM audit_events").query(String.class).single()).isEqualTo("other node");
    }

    @Test
    void aRowThatCannotBeStoredLeavesTheHeadAndTheTrailAsTheyWere() {
        List<AuditJournal.Entry> first = chained(0, AuditChain.GENESIS, List.of(view("a")));
        append.append(0, first);
        // Seq 3 already stored behind a head at 1 (as after a manual edit): the batch 2..3 collides on its second row.
        List<AuditJournal.Entry> ahead = chained(2, first.get(0).hash(), List.of(view("planted")));
        jdbc.sql("INSERT INTO audit_events (seq, at, action, outcome, prev_hash, hash) VALUES (3, now(), 'TOKEN_VIEW',"
                + " 'SUCCESS', ?, ?)").params(ahead.get(0).previousHash(), ahead.get(0).hash()).update();

        List<AuditJournal.Entry> batch = chained(1, first.get(0).hash(), List.of(view("b"), view("c")));
        assertThatThrownBy(() -> append.append(1, batch)).isInstanceOf(DataAccessException.class);

        assertThat(head()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT seq FROM audit_events ORDER BY seq").query(Long.class).list())
                .containsExactly(1L, 3L);
    }

    @Test
    void storesTextThatLooksLikeArraySyntaxNullsAndUnicodeExactly() {
        List<String> hostile = List.of("\"quoted\"", "back\\slash", "{braces}", "a,b", "NULL", "null", " spaced ",
                "", "'; DROP TABLE audit_events; --", "ção ✓ 𝄞", "\\\"}{,");
        List<AuditEvent> events = new ArrayList<>();
        for (String s : hostile) {
            events.add(new AuditEvent(0, null, s, null, s, AuditAction.TOKEN_VIEW, null, s, AuditOutcome.SUCCESS, s,
                    s, s));
        }
        events.add(new AuditEvent(0, null, null, null, null, AuditAction.LOGIN, null, null, AuditOutcome.FAILURE,
                null, null, null));
        List<AuditJournal.Entry> entries = chained(0, AuditChain.GENESIS, events);

        assertThat(append.append(0, entries)).isEqualTo(events.size());

        List<List<String>> stored = jdbc.sql("SELECT actor, via, target, ip, user_agent, detail, actor_id,"
                + " credential_id FROM audit_events ORDER BY seq").query((rs, n) -> {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 8; i++) {
                        row.add(rs.getString(i));
                    }
                    return row;
                }).list();
        for (int i = 0; i < hostile.size(); i++) {
            String s = hostile.get(i);
            assertThat(stored.get(i)).containsExactly(s, s, s, s, s, s, null, null);
        }
        assertThat(stored.get(hostile.size())).containsOnlyNulls();
        assertThat(StoredChain.walk(jdbc, chain).broken()).isEmpty();
    }
}
