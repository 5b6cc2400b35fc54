package dev.cofre.credential;

import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Credential rows by id, as the database holds them (metadata and sealed ciphertext, never plaintext), so that a
 * token or password view does not read the row again: on PostgreSQL, not reading it halved a token's CPU
 * (docs/BENCHMARKS.md, sixth session).
 *
 * <p>It only serves while it can hear every change: it is on for embedded H2 (one process owns the file, and
 * every write goes through {@link CredentialRepository}) and, on PostgreSQL, while the
 * {@link CredentialChangeListener} demonstrably hears (writes on any node send a {@code NOTIFY} at commit). The
 * listener's own echo, sent every second, proves it: PostgreSQL delivers notifications in commit order, so when
 * an echo sent at time S comes back, every change committed before S has been applied here. The cache serves only
 * while the last echo back was sent less than {@code maxSilence} ago, so no row changed longer ago than that is
 * ever served, even if the listener thread hangs. Losing the listener turns it off and empties it; it comes back
 * empty once listening again.
 *
 * <p>A read that raced with a change must not put the old row back: a row read from the database is kept only if
 * no change was heard since {@link #stamp()} was taken before the read ({@link #keep}). Entries also expire after
 * a time to live: belt and braces, should anything ever write the table without telling the cache.
 */
final class CredentialCache {

    private record Entry(CredentialRepository.Stored stored, long loadedAt) {
    }

    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final long ttlNanos;
    private final long maxSilenceNanos;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    // Changes heard (and switches on or off); guarded by lock for writes, read without it.
    private volatile long changes;
    private volatile boolean serving;
    // Set while serving depends on the listener's echoes, and when the last one back was sent.
    private volatile boolean whileHeard;
    private volatile long heardAsOf;

    CredentialCache(int maxEntries, long ttlNanos, long maxSilenceNanos, LongSupplier nanoTime) {
        this.maxEntries = maxEntries;
        this.ttlNanos = ttlNanos;
        this.maxSilenceNanos = maxSilenceNanos;
        this.nanoTime = nanoTime;
    }

    /** A cache that never serves (no entries allowed, or the database's writers cannot be heard). */
    static CredentialCache off() {
        return new CredentialCache(0, 0, 0, System::nanoTime);
    }

    /** Serving now: switched on, and (on PostgreSQL) heard from recently enough. */
    private boolean live() {
        return serving && (!whileHeard || nanoTime.getAsLong() - heardAsOf <= maxSilenceNanos);
    }

    Optional<CredentialRepository.Stored> get(UUID id) {
        if (!live()) {
            return Optional.empty();
        }
        Entry e = entries.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - e.loadedAt() > ttlNanos) {
            entries.remove(id, e);
            return Optional.empty();
        }
        return Optional.of(e.stored());
    }

    /** To take before reading a row from the database, and give back to {@link #keep}. */
    long stamp() {
        return changes;
    }

    /** Keeps a row read after {@code stamp} was taken, unless a change was heard since (it may be older). */
    void keep(CredentialRepository.Stored stored, long stamp) {
        if (!live()) {
            return;
        }
        synchronized (lock) {
            if (!live() || changes != stamp) {
                return;
            }
            if (entries.size() >= maxEntries) {
                Iterator<UUID> any = entries.keySet().iterator();
                if (any.hasNext()) {
                    entries.remove(any.next());
                }
            }
            entries.put(stored.credential().id(), new Entry(stored, nanoTime.getAsLong()));
        }
    }

    /** A credential changed (here or on another node): forget it, and refuse rows read before now. */
    void changed(UUID id) {
        synchronized (lock) {
            changes++;
            entries.remove(id);
        }
    }

    /**
     * A change made by this node's current transaction: forgotten now and again when the transaction ends, so that
     * a request that read the old committed row in between does not leave it here.
     */
    void changedInThisTransaction(UUID id) {
        changed(id);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    changed(id);
                }
            });
        }
    }

    /** Anything may have changed (a notification that is not an id): forget everything. */
    void changedAll() {
        synchronized (lock) {
            changes++;
            entries.clear();
        }
    }

    /** Starts serving, empty, for good: every later change is made in this process (embedded H2). */
    void serve() {
        synchronized (lock) {
            changes++;
            entries.clear();
            whileHeard = false;
            serving = maxEntries > 0;
        }
    }

    /**
     * Starts serving, empty, for as long as {@link #heard} keeps coming: the listener's first echo, sent at
     * {@code sentAt} (a {@link System#nanoTime()} reading), is back.
     */
    void serveWhileHeard(long sentAt) {
        synchronized (lock) {
            changes++;
            entries.clear();
            heardAsOf = sentAt;
            whileHeard = true;
            serving = maxEntries > 0;
        }
    }

    /** An echo sent at {@code sentAt} is back: every change committed before then has been heard. */
    void heard(long sentAt) {
        if (sentAt - heardAsOf > 0) {
            heardAsOf = sentAt;
        }
    }

    /** Stops serving and forgets everything: changes can no longer be heard. */
    void stop() {
        synchronized (lock) {
            serving = false;
            changes++;
            entries.clear();
        }
    }

    boolean serving() {
        return live();
    }

    int size() {
        return entries.size();
    }
}
