package dev.cofre.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cofre.common.DurableTransactionManager;
import dev.cofre.support.PostgresDatabase;

/**
 * Two Cofre nodes appending to one PostgreSQL trail at once, wired as the server wires them: each writer continues
 * from the head it wrote last in one statement only while no other node has moved it (else it takes the head's
 * row lock), so the records of both form one unbroken chain with no gap.
 */
class AuditSinkTwoNodesPostgresIntegrationTests {

    private final AuditChain chain = new AuditChain(new byte[32]);

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("postgres");
        pool.setPassword("");
        pool.setMaximumPoolSize(2);
        return pool;
    }

    private JdbcAuditSink node(HikariDataSource pool) {
        return new JdbcAuditSink(JdbcClient.create(pool), new JdbcTemplate(pool),
                new TransactionTemplate(new DurableTransactionManager(pool)), chain, Clock.systemUTC(), 10_000, null,
                Duration.ofSeconds(1), new OneStatementAppend(new JdbcTemplate(pool)));
    }

    @Test
    void recordsAppendedByTwoNodesAtOnceFormOneUnbrokenChain() throws Exception {
        String url = PostgresDatabase.newDatabaseUrl();
        try (HikariDataSource a = pool(url); HikariDataSource b = pool(url)) {
            Flyway.configure().dataSource(a).locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                    .target("3").load().migrate();
            JdbcAuditSink first = node(a);
            JdbcAuditSink second = node(b);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<AuditEvent>> appended = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    JdbcAuditSink node = i % 2 == 0 ? first : second;
                    int n = i;
                    appended.add(clients.submit(() -> node.append(AuditEvent.of("alice", null, "token:t", null, null,
                            AuditAction.TOKEN_VIEW, UUID.randomUUID(), "srv-" + n, AuditOutcome.SUCCESS, null))));
                }
                for (Future<AuditEvent> f : appended) {
                    f.get();
                }
            } finally {
                clients.shutdownNow();
                first.close();
                second.close();
            }

            JdbcClient jdbc = JdbcClient.create(a);
            StoredChain stored = StoredChain.walk(jdbc, chain);
            assertThat(stored.broken()).isEmpty();
            assertThat(stored.records()).isEqualTo(400);
            assertThat(jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single())
                    .isEqualTo(400);
        }
    }
}
