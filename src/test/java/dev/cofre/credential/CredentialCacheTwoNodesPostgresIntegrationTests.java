package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cofre.support.PostgresDatabase;

/**
 * Two nodes sharing one real PostgreSQL, each with its own repository, cache and change listener (as
 * {@link CredentialStorageConfiguration} builds them): a change committed on one is never served stale by the
 * other once its notification has arrived, a rolled-back change reaches nobody, a node whose listening
 * connection dies stops serving from its cache until it listens again, and one that cannot hear never serves.
 */
class CredentialCacheTwoNodesPostgresIntegrationTests {

    static final long WAIT_MILLIS = 10_000;

    final String url = PostgresDatabase.newDatabaseUrl();
    final List<Node> nodes = new ArrayList<>();
    Node a;
    Node b;

    /** One Cofre node's credential storage. */
    final class Node {
        final DriverManagerDataSource db = new DriverManagerDataSource(url, "postgres", "");
        final JdbcClient jdbc = JdbcClient.create(db);
        final TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        final CredentialCache cache = new CredentialCache(1000, 60_000_000_000L,
                CredentialChangeListener.MAX_SILENCE_NANOS, System::nanoTime);
        final CredentialRepository repository =
                new CredentialRepository(jdbc, cache, CredentialSearchIndex.off(), SearchPlanner.none(), true);
        final CredentialChangeListener listener;

        Node() {
            listener = new CredentialChangeListener(
                    CredentialStorageConfiguration.listenerConnections(url, "postgres", ""), cache);
            listener.start();
            awaitTrue(cache::serving, "listening");
        }

        long versionSeen(UUID id) {
            return repository.find(id).map(s -> s.credential().version()).orElse(-1L);
        }
    }

    @BeforeEach
    void twoNodes() {
        Flyway.configure().dataSource(url, "postgres", "")
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
        a = new Node();
        b = new Node();
        nodes.add(a);
        nodes.add(b);
    }

    @AfterEach
    void stop() {
        nodes.forEach(n -> n.listener.stop());
    }

    static Credential credential(UUID id, String name, long version) {
        Instant now = Instant.now();
        return new Credential(id, name, CredentialType.SSH, "root", "db1.example.net", 22, null, null,
                List.of("prod"), false, null, now, now, version);
    }

    UUID created() {
        UUID id = UUID.randomUUID();
        a.tx.executeWithoutResult(s -> a.repository.insert(credential(id, "cache-" + id, 1), null, null));
        return id;
    }

    void update(Node on, UUID id, long from) {
        on.tx.executeWithoutResult(s -> assertThat(on.repository.update(
                credential(id, "cache-" + id + "-v" + (from + 1), from + 1), null, null, from)).isTrue());
    }

    @Test
    void aChangeCommittedOnOneNodeReplacesTheOtherNodesCachedRow() {
        UUID id = created();
        assertThat(b.versionSeen(id)).isEqualTo(1);
        assertThat(b.cache.get(id)).isPresent();

        update(a, id, 1);
        assertThat(a.versionSeen(id)).as("the changing node, at once").isEqualTo(2);
        awaitTrue(() -> b.versionSeen(id) == 2, "the other node sees version 2");
        assertThat(b.repository.find(id).orElseThrow().credential().name()).endsWith("-v2");

        a.tx.executeWithoutResult(s -> assertThat(a.repository.delete(id)).isTrue());
        awaitTrue(() -> b.repository.find(id).isEmpty(), "the other node forgets the deleted row");
    }

    @Test
    void aRolledBackChangeIsAnnouncedToNobody() {
        UUID id = created();
        assertThat(b.versionSeen(id)).isEqualTo(1);
        a.tx.executeWithoutResult(s -> {
            assertThat(a.repository.update(credential(id, "rolled-back", 2), null, null, 1)).isTrue();
            s.setRollbackOnly();
        });
        assertThat(a.versionSeen(id)).isEqualTo(1);
        // A notification would have been delivered by now if the rollback had sent one.
        sleep(500);
        assertThat(b.cache.get(id)).as("kept: nothing changed").isPresent();
        assertThat(b.versionSeen(id)).isEqualTo(1);
    }

    @Test
    void whileChangesAndReadsRaceTheOtherNodeEndsOnTheLastCommittedVersion() throws Exception {
        UUID id = created();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                while (writing.get()) {
                    b.versionSeen(id);
                    reads.incrementAndGet();
                }
            });
            t.start();
            readers.add(t);
        }
        long version = 1;
        for (int i = 0; i < 60; i++, version++) {
            update(i % 2 == 0 ? a : b, id, version);
        }
        writing.set(false);
        for (Thread t : readers) {
            t.join(WAIT_MILLIS);
        }
        long last = version;
        assertThat(reads.get()).isGreaterThan(60);
        awaitTrue(() -> b.versionSeen(id) == last && a.versionSeen(id) == last, "both nodes on version " + last);
        assertThat(b.repository.findFresh(id).orElseThrow().credential().version()).isEqualTo(last);
    }

    @Test
    void aNodeThatLosesItsListeningConnectionStopsServingCachedRowsUntilItListensAgain() {
        UUID id = created();
        assertThat(b.versionSeen(id)).isEqualTo(1);
        // A change the listeners cannot hear (not through the repository): only losing the cache shows it.
        a.jdbc.sql("UPDATE credentials SET version = 7 WHERE id = ?").param(id).update();
        assertThat(b.versionSeen(id)).as("cached, as expected for an unannounced change").isEqualTo(1);

        int killed = a.jdbc.sql("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE application_name = ? AND datname = current_database()").param(CredentialChangeListener.APPLICATION_NAME)
                .query(Integer.class).single();
        assertThat(killed).isEqualTo(2);

        awaitTrue(() -> b.versionSeen(id) == 7, "the emptied cache shows the database's row");
        awaitTrue(() -> b.cache.serving(), "listening again");
        assertThat(b.versionSeen(id)).isEqualTo(7);
        update(a, id, 7);
        awaitTrue(() -> b.versionSeen(id) == 8, "changes are heard again after the reconnect");
    }

    @Test
    void aStoppedListenerLeavesNothingToServe() {
        UUID id = created();
        assertThat(b.versionSeen(id)).isEqualTo(1);
        b.listener.stop();
        assertThat(b.cache.serving()).isFalse();
        assertThat(b.cache.get(id)).isEmpty();
        Optional<CredentialRepository.Stored> fresh = b.repository.find(id);
        assertThat(fresh).isPresent();
        assertThat(b.cache.size()).isZero();
    }

    @Test
    void aListenerThatCannotHearItsOwnEchoNeverServes() throws Exception {
        // As behind a transaction-mode pooler: the LISTEN lands on another server connection than the one read.
        DriverManagerDataSource real = new DriverManagerDataSource(url, "postgres", "");
        try (Connection elsewhere = real.getConnection()) {
            CredentialCache cache = new CredentialCache(1000, 60_000_000_000L,
                    CredentialChangeListener.MAX_SILENCE_NANOS, System::nanoTime);
            CredentialChangeListener deaf = new CredentialChangeListener(statementsThrough(real, (own, sql) -> {
                if (sql.startsWith("LISTEN")) {
                    try (Statement s = elsewhere.createStatement()) {
                        return s.execute(sql);
                    }
                }
                return own.execute(sql);
            }), cache);
            deaf.start();
            try {
                long until = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < until) {
                    assertThat(cache.serving()).isFalse();
                    sleep(20);
                }
            } finally {
                deaf.stop();
            }
        }
    }

    @Test
    void aListenerThatHangsStopsItsCacheServingWithinTheSilenceBound() throws Exception {
        DriverManagerDataSource real = new DriverManagerDataSource(url, "postgres", "");
        AtomicBoolean hang = new AtomicBoolean();
        CredentialCache cache = new CredentialCache(1000, 60_000_000_000L,
                CredentialChangeListener.MAX_SILENCE_NANOS, System::nanoTime);
        CredentialChangeListener stuck = new CredentialChangeListener(statementsThrough(real, (own, sql) -> {
            if (sql.startsWith("NOTIFY") && hang.get()) {
                Thread.sleep(8_000);             // an echo that never goes out, as on a stalled connection
            }
            return own.execute(sql);
        }), cache);
        stuck.start();
        try {
            awaitTrue(cache::serving, "serving");
            UUID id = created();
            CredentialRepository repository =
                    new CredentialRepository(a.jdbc, cache, CredentialSearchIndex.off(), SearchPlanner.none(), true);
            assertThat(repository.find(id)).isPresent();
            assertThat(cache.get(id)).isPresent();

            hang.set(true);
            long hungAt = System.nanoTime();
            awaitTrue(() -> cache.get(id).isEmpty(), "no longer served");
            long tookMillis = (System.nanoTime() - hungAt) / 1_000_000;
            // At most the silence bound after the last echo back, which was sent at most a second before the hang.
            assertThat(tookMillis).isLessThanOrEqualTo(
                    CredentialChangeListener.MAX_SILENCE_NANOS / 1_000_000 + 1_000 + 200);
            assertThat(cache.serving()).isFalse();
        } finally {
            stuck.stop();
        }
    }

    /** What a statement's {@code execute(sql)} does, given the real statement. */
    interface Execute {
        boolean execute(Statement own, String sql) throws Exception;
    }

    /** Connections of {@code real} whose statements' {@code execute(String)} go through {@code execute}. */
    static DataSource statementsThrough(DataSource real, Execute execute) {
        ClassLoader loader = CredentialCacheTwoNodesPostgresIntegrationTests.class.getClassLoader();
        return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (!method.getName().equals("getConnection")) {
                return invoke(method, real, args);
            }
            Connection c = real.getConnection();
            return Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (p, m, a) -> {
                if (!m.getName().equals("createStatement") || a != null) {
                    return invoke(m, c, a);
                }
                Statement own = c.createStatement();
                return Proxy.newProxyInstance(loader, new Class<?>[] {Statement.class}, (sp, sm, sa) ->
                        sm.getName().equals("execute") && sa != null && sa.length == 1 && sa[0] instanceof String sql
                                ? execute.execute(own, sql) : invoke(sm, own, sa));
            });
        });
    }

    static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT_MILLIS + " ms: " + what);
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
