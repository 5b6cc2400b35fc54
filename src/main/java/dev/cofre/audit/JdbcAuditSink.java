package dev.cofre.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends audit records durably with group commit: callers queue their record and wait; one writer thread takes
 * everything queued, chains it, and writes it in a single transaction that holds the {@code audit_head} row
 * lock (so nodes sharing a PostgreSQL append one at a time; on PostgreSQL a writer that still holds the head it
 * wrote last appends in one statement, {@link OneStatementAppend}). A caller returns only after its record is
 * committed and on disk (PostgreSQL's commit; on H2, the {@link AuditJournal} forced after the commit); if the
 * write fails or takes too long, the caller gets {@link AuditUnavailableException}.
 */
final class JdbcAuditSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditSink.class);
    private static final int MAX_BATCH = 512;
    /** A checkpoint at the latest when the journal holds this much (about 25,000 records). */
    private static final long CHECKPOINT_BYTES = 8L * 1024 * 1024;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;
    private final AuditChain chain;
    private final Clock clock;
    private final long timeoutMillis;
    private final AuditJournal journal;
    private final OneStatementAppend oneStatement;
    private final long checkpointNanos;
    private long lastCheckpoint = System.nanoTime();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;
    private volatile boolean running = true;
    private boolean closed;
    /** The head after the last batch this writer committed, or null: read it (writer thread only). */
    private Head lastWritten;

    private record Pending(AuditEvent event, CompletableFuture<AuditEvent> done) {
    }

    /**
     * @param tx      the writer's transactions: durable by themselves (PostgreSQL, or H2 without a journal), or
     *                plain H2 commits made durable by the journal
     * @param journal the H2 journal, or null; replayed here, before the first record is accepted
     * @param oneStatement PostgreSQL's one-statement append, or null: then every batch is a transaction
     */
    JdbcAuditSink(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, AuditChain chain, Clock clock,
                  long timeoutMillis, AuditJournal journal, Duration checkpointInterval,
                  OneStatementAppend oneStatement) {
        this.jdbc = jdbc;
        this.template = template;
        this.tx = tx;
        this.chain = chain;
        this.clock = clock;
        this.timeoutMillis = timeoutMillis;
        this.journal = journal;
        this.oneStatement = oneStatement;
        this.checkpointNanos = checkpointInterval.toNanos();
        if (journal != null) {
            replay();
        }
        this.writer = new Thread(this::run, "audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Blocks until the record is committed; returns it with its sequence number and time. */
    AuditEvent append(AuditEvent event) {
        CompletableFuture<AuditEvent> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(event, done))) {
            throw new AuditUnavailableException();
        }
        try {
            return done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException();
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (journal != null && journal.size() > 0
                            && System.nanoTime() - lastCheckpoint >= checkpointNanos) {
                        checkpoint();
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                lastWritten = null; // read the head again: the failed batch may or may not have been committed
                log.error("Audit write failed ({}); {} request(s) refused", e.getClass().getName(), batch.size());
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<AuditJournal.Entry> placed = oneStatement != null && lastWritten != null ? appendInOneStatement(batch)
                : null;
        if (placed == null) {
            placed = appendInTransaction(batch);
        }
        AuditJournal.Entry last = placed.get(placed.size() - 1);
        lastWritten = new Head(last.event().seq(), last.hash());
        if (journal != null) {
            journal.append(placed);
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(placed.get(i).event());
        }
        if (journal != null && (journal.size() >= CHECKPOINT_BYTES
                || System.nanoTime() - lastCheckpoint >= checkpointNanos)) {
            checkpoint();
        }
    }

    /** The PostgreSQL fast path; null when another node has moved the head since this writer's last batch. */
    private List<AuditJournal.Entry> appendInOneStatement(List<Pending> batch) {
        List<AuditJournal.Entry> entries = chained(batch, lastWritten, clock.instant().truncatedTo(ChronoUnit.MICROS));
        int inserted = oneStatement.append(lastWritten.seq(), entries);
        if (inserted == entries.size()) {
            return entries;
        }
        if (inserted != 0) {
            throw new IllegalStateException("the audit head moved but " + inserted + " of " + entries.size()
                    + " records were inserted");
        }
        lastWritten = null;
        return null;
    }

    private List<AuditJournal.Entry> appendInTransaction(List<Pending> batch) {
        return tx.execute(status -> {
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            // Continue from the head this writer wrote last, claiming the head row (and its lock) only if it is
            // still that head: one statement instead of a read FOR UPDATE and an update. When another node has
            // appended since (PostgreSQL), nothing was changed and the head is read under the row lock.
            if (lastWritten != null) {
                List<AuditJournal.Entry> entries = chained(batch, lastWritten, at);
                if (moveHead(lastWritten.seq(), entries) == 1) {
                    insertRows(entries);
                    return entries;
                }
            }
            Head head = readHead(" FOR UPDATE");
            List<AuditJournal.Entry> entries = chained(batch, head, at);
            if (moveHead(head.seq(), entries) != 1) {
                throw new IllegalStateException("the audit head moved under its row lock");
            }
            insertRows(entries);
            return entries;
        });
    }

    /** The stored head; {@code lock} is {@code " FOR UPDATE"} inside a write, empty otherwise. */
    private Head readHead(String lock) {
        return jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1" + lock)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2) == null ? AuditChain.GENESIS
                        : rs.getBytes(2))).single();
    }

    private List<AuditJournal.Entry> chained(List<Pending> batch, Head head, Instant at) {
        long seq = head.seq();
        byte[] previous = head.hash();
        AuditChain.Linker linker = chain.linker();
        List<AuditJournal.Entry> entries = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            AuditEvent e = p.event().placed(++seq, at);
            byte[] hash = linker.link(previous, e);
            entries.add(new AuditJournal.Entry(e, previous, hash));
            previous = hash;
        }
        return entries;
    }

    /** Moves the head from {@code fromSeq} past the entries; 0 when the head is no longer at {@code fromSeq}. */
    private int moveHead(long fromSeq, List<AuditJournal.Entry> entries) {
        AuditJournal.Entry last = entries.get(entries.size() - 1);
        return jdbc.sql("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1 AND last_seq = ?")
                .params(last.event().seq(), last.hash(), fromSeq).update();
    }

    private void insertRows(List<AuditJournal.Entry> entries) {
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (AuditJournal.Entry entry : entries) {
            AuditEvent e = entry.event();
            rows.add(new Object[] {e.seq(), e.at().atOffset(ZoneOffset.UTC), e.actor(), e.actorId(), e.via(),
                    e.action().name(), e.credentialId(), e.target(), e.outcome().name(), e.ip(), e.userAgent(),
                    e.detail(), entry.previousHash(), entry.hash()});
        }
        template.batchUpdate("INSERT INTO audit_events (" + AuditChain.COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /**
     * Re-inserts what the journal holds beyond the database's head (records answered before a crash that H2 had
     * not yet stored), then checkpoints and empties the journal. Refuses to start rather than guess when the
     * journal does not continue the database's chain.
     */
    private void replay() {
        List<AuditJournal.Entry> entries = journal.recover();
        Head head = readHead("");
        List<AuditJournal.Entry> missing = entries.stream().filter(e -> e.event().seq() > head.seq()).toList();
        if (!missing.isEmpty()) {
            AuditChain.Linker linker = chain.linker();
            long expected = head.seq() + 1;
            byte[] previous = head.hash();
            for (AuditJournal.Entry e : missing) {
                if (e.event().seq() != expected || !AuditChain.same(previous, e.previousHash())
                        || !AuditChain.same(linker.link(previous, e.event()), e.hash())) {
                    throw new IllegalStateException("The audit journal " + journal.file() + " does not continue "
                            + "the trail in the database (which ends at record " + head.seq() + "; the journal "
                            + "breaks at record " + e.event().seq() + "): the database was restored from an older "
                            + "copy, or the journal belongs to another one. Move the journal away to start; the "
                            + "records in it will then be missing from the trail.");
                }
                previous = e.hash();
                expected++;
            }
            tx.execute(status -> {
                if (moveHead(head.seq(), missing) != 1) {
                    throw new IllegalStateException("the audit head moved while the journal was replayed");
                }
                insertRows(missing);
                return null;
            });
            log.warn("Restored {} audit record(s) (up to #{}) from the journal after an unclean stop",
                    missing.size(), missing.get(missing.size() - 1).event().seq());
        }
        checkpoint();
    }

    /** Forces everything H2 holds to disk, after which the journal may be emptied. */
    private void checkpoint() {
        try {
            template.execute("CHECKPOINT SYNC");
            journal.clear();
        } catch (RuntimeException e) {
            // The journal keeps every record until a checkpoint succeeds; the next batch tries again.
            log.error("Audit checkpoint failed ({}); the journal keeps the records", e.getClass().getName());
        }
        lastCheckpoint = System.nanoTime();
    }

    private record Head(long seq, byte[] hash) {
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        writer.join(5_000);
        if (journal != null && !writer.isAlive()) {
            checkpoint();
            journal.close();
        }
    }
}
