package dev.cofre.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit writer on an H2 file database with its journal: records answered before a crash that H2 had not yet
 * stored are put back from the journal at the next start, and a journal that does not continue the database's
 * chain stops the start instead of being applied.
 */
class AuditJournalReplayTests {

    @TempDir
    Path dir;

    private DriverManagerDataSource db;
    private JdbcClient jdbc;
    private Path journalFile;
    private final AuditChain chain = new AuditChain(new byte[32]);
    private final List<JdbcAuditSink> sinks = new ArrayList<>();

    @BeforeEach
    void database() {
        String url = "jdbc:h2:file:" + dir.resolve("cofre") + ";DB_CLOSE_ON_EXIT=FALSE";
        db = new DriverManagerDataSource(url, "cofre", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration", "classpath:db/vendor/h2").target("3")
                .load().migrate();
        jdbc = JdbcClient.create(db);
        journalFile = AuditJournal.besideH2File(url).orElseThrow();
    }

    @AfterEach
    void close() throws InterruptedException {
        for (JdbcAuditSink sink : sinks) {
            sink.close();
        }
    }

    /** A writer as the server makes it on H2; no timed checkpoint, so the journal keeps what it is given. */
    private JdbcAuditSink sink() {
        JdbcAuditSink sink = new JdbcAuditSink(jdbc, new JdbcTemplate(db),
                new TransactionTemplate(new JdbcTransactionManager(db)), chain, Clock.systemUTC(), 5_000,
                AuditJournal.open(journalFile), Duration.ofDays(1), null);
        sinks.add(sink);
        return sink;
    }

    private static AuditEvent event(int i) {
        return AuditEvent.of("alice", UUID.randomUUID(), "token:t", "127.0.0.1", "curl/8", AuditAction.TOKEN_VIEW,
                UUID.randomUUID(), "srv-" + i, AuditOutcome.SUCCESS, null);
    }

    /** Appends from several threads at once, as requests do, so batches hold more than one record. */
    private static void appendInParallel(JdbcAuditSink sink, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuditEvent>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                done.add(pool.submit(() -> sink.append(event(n))));
            }
            for (Future<AuditEvent> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The record numbers the journal holds now, as the next start would read them: read from a copy, since the
     * running writer holds the journal itself.
     */
    private List<Long> journalSeqs() throws IOException {
        Path copy = Files.copy(journalFile, dir.resolve("copy-" + UUID.randomUUID() + ".audit-journal"));
        try (AuditJournal journal = AuditJournal.open(copy)) {
            return journal.recover().stream().map(e -> e.event().seq()).toList();
        } finally {
            Files.delete(copy);
        }
    }

    private long head() {
        return jdbc.sql("SELECT last_seq FROM audit_head WHERE id = 1").query(Long.class).single();
    }

    private byte[] hashOf(long seq) {
        return jdbc.sql("SELECT hash FROM audit_events WHERE seq = ?").param(seq).query(byte[].class).single();
    }

    /** Walks the stored trail from the genesis; returns the number of records, failing on any broken link. */
    private long verifiedRecords() {
        StoredChain stored = StoredChain.walk(jdbc, chain);
        assertThat(stored.broken()).as("broken links").isEmpty();
        return stored.records();
    }

    /** As if H2 had last stored its file when the trail ended at {@code seq}: later records are gone. */
    private void loseRecordsAfter(long seq) {
        byte[] hash = hashOf(seq);
        jdbc.sql("DELETE FROM audit_events WHERE seq > ?").param(seq).update();
        jdbc.sql("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1").params(seq, hash).update();
    }

    @Test
    void recordsTheDatabaseLostAreRestoredFromTheJournalAtTheNextStart() throws Exception {
        JdbcAuditSink before = sink();
        appendInParallel(before, 12);
        byte[] journalAtCrash = Files.readAllBytes(journalFile);
        byte[] lastHash = hashOf(12);
        assertThat(journalSeqs()).hasSize(12);
        loseRecordsAfter(5);
        before.close();
        Files.write(journalFile, journalAtCrash); // the journal as the crash left it

        JdbcAuditSink after = sink();

        assertThat(head()).isEqualTo(12);
        assertThat(hashOf(12)).isEqualTo(lastHash);
        assertThat(verifiedRecords()).isEqualTo(12);
        assertThat(journalSeqs()).as("emptied after the checkpoint").isEmpty();
        AuditEvent next = after.append(event(13));
        assertThat(next.seq()).isEqualTo(13);
        assertThat(verifiedRecords()).isEqualTo(13);
    }

    @Test
    void aJournalWhoseRecordsTheDatabaseHoldsChangesNothing() throws Exception {
        JdbcAuditSink before = sink();
        appendInParallel(before, 6);
        byte[] journalAtCrash = Files.readAllBytes(journalFile);
        before.close();
        Files.write(journalFile, journalAtCrash);

        sink();

        assertThat(head()).isEqualTo(6);
        assertThat(verifiedRecords()).isEqualTo(6);
        assertThat(journalSeqs()).isEmpty();
    }

    @Test
    void aJournalThatDoesNotContinueTheDatabasesChainStopsTheStartAndChangesNothing() throws Exception {
        JdbcAuditSink before = sink();
        appendInParallel(before, 8);
        byte[] journalAtCrash = Files.readAllBytes(journalFile);
        loseRecordsAfter(3);
        // The database was restored from a copy whose record 3 differs from the one the journal continues.
        jdbc.sql("UPDATE audit_head SET last_hash = ? WHERE id = 1").param(new byte[32]).update();
        before.close();
        Files.write(journalFile, journalAtCrash);

        assertThatThrownBy(this::sink).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(journalFile.toString()).hasMessageContaining("does not continue");

        assertThat(head()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single()).isEqualTo(3);
        assertThat(Files.readAllBytes(journalFile)).as("kept for the operator").isEqualTo(journalAtCrash);
    }

    @Test
    void aCleanStopLeavesAnEmptyJournal() throws Exception {
        JdbcAuditSink sink = sink();
        appendInParallel(sink, 5);
        assertThat(journalSeqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
        sink.close();
        assertThat(journalSeqs()).isEmpty();
        assertThat(verifiedRecords()).isEqualTo(5);
    }
}
