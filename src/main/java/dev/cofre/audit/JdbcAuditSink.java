package dev.cofre.audit;

import java.time.Clock;
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
 * lock (so nodes sharing a PostgreSQL append one at a time). A caller returns only after its record is
 * committed; if the write fails or takes too long, the caller gets {@link AuditUnavailableException}.
 */
final class JdbcAuditSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditSink.class);
    private static final int MAX_BATCH = 512;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;
    private final AuditChain chain;
    private final Clock clock;
    private final long timeoutMillis;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;
    private volatile boolean running = true;

    private record Pending(AuditEvent event, CompletableFuture<AuditEvent> done) {
    }

    JdbcAuditSink(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, AuditChain chain, Clock clock,
                  long timeoutMillis) {
        this.jdbc = jdbc;
        this.template = template;
        this.tx = tx;
        this.chain = chain;
        this.clock = clock;
        this.timeoutMillis = timeoutMillis;
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
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                log.error("Audit write failed ({}); {} request(s) refused", e.getClass().getName(), batch.size());
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<AuditEvent> placed = tx.execute(status -> {
            Head head = jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
                    .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2) == null ? AuditChain.GENESIS
                            : rs.getBytes(2))).single();
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            long seq = head.seq();
            byte[] previous = head.hash();
            AuditChain.Linker linker = chain.linker();
            List<AuditEvent> events = new ArrayList<>(batch.size());
            List<Object[]> rows = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                AuditEvent e = p.event().placed(++seq, at);
                byte[] hash = linker.link(previous, e);
                rows.add(new Object[] {e.seq(), e.at().atOffset(ZoneOffset.UTC), e.actor(), e.actorId(), e.via(),
                        e.action().name(), e.credentialId(), e.target(), e.outcome().name(), e.ip(), e.userAgent(),
                        e.detail(), previous, hash});
                events.add(e);
                previous = hash;
            }
            template.batchUpdate("""
                    INSERT INTO audit_events (seq, at, actor, actor_id, via, action, credential_id, target, outcome,
                        ip, user_agent, detail, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
            jdbc.sql("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1").params(seq, previous).update();
            return events;
        });
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(placed.get(i));
        }
    }

    private record Head(long seq, byte[] hash) {
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(5_000);
    }
}
