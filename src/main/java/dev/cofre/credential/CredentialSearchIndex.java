package dev.cofre.credential;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Narrows a credential search on embedded H2 to the rows that can match, so that it does not test every row: H2
 * has no trigram index, and its scan of 100,000 credentials took 53 ms a search (docs/BENCHMARKS.md). Held in
 * memory ({@link TrigramPostings}), built in the background at start and again once enough rows changed; until it
 * is built, searches test every row as before. Like the {@link CredentialCache}, it relies on every write going
 * through {@link CredentialRepository} in this process (embedded H2); on PostgreSQL the GIN trigram index does
 * this job.
 *
 * <p>It only ever narrows to a <em>superset</em> of the committed matches, which the database then tests with the
 * search's own {@code LIKE}: a change adds its text's windows before it commits, old windows stay until a rebuild,
 * and a rebuild, which reads the table while changes go on, also takes every change begun before or during its
 * read (those still in flight when it starts, and all that come after).
 *
 * <p>It also {@linkplain #count counts} a search that many credentials match (whose exact total the database
 * could only get by testing every row): in memory, the texts of its last read whose credentials no change has
 * touched since, and in the database only the few that were.
 */
class CredentialSearchIndex implements SmartLifecycle {

    /** Above this many candidates, testing them one by one costs more than H2's scan (measured: ~1.5 µs each). */
    static final int MAX_CANDIDATES = 2_000;
    /** (window, credential) pairs kept at most: ~2 bytes each; a larger table is searched by scan. */
    static final long MAX_SIZE = 32_000_000;
    /** Changes after which the index is rebuilt to drop old windows and deleted credentials. */
    static final int MIN_STALE_FOR_REBUILD = 1_000;
    /**
     * Credentials changed since the last read above which a count is left to the database, and the index is
     * rebuilt: the database counts the changed ones by primary key (~1.5 µs each).
     */
    static final int MAX_TOUCHED_FOR_COUNT = 5_000;
    private static final long RETRY_NANOS = 30_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(CredentialSearchIndex.class);

    /** Reads every credential's id and search text, as one statement (one snapshot). */
    interface Source {
        void forEach(BiConsumer<UUID, String> each);
    }

    /** A change to a credential: its new text, or null when deleted; identity matters (two may be alike). */
    private static final class Change {
        final UUID id;
        final String text;

        Change(UUID id, String text) {
            this.id = id;
            this.text = text;
        }
    }

    private final Source source;
    private final LongSupplier nanoTime;
    private final long maxSize;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<Change> inFlight = ConcurrentHashMap.newKeySet();
    // Guarded by lock.
    private TrigramPostings current;
    private ConcurrentLinkedQueue<Change> rebuildLog;
    private long stale;
    private long failedAt;
    private boolean failed;
    // Past MAX_SIZE: not built again until a restart (each try would read the whole table for nothing).
    private boolean tooLarge;
    private volatile boolean running;

    CredentialSearchIndex(Source source, LongSupplier nanoTime) {
        this(source, nanoTime, MAX_SIZE);
    }

    CredentialSearchIndex(Source source, LongSupplier nanoTime, long maxSize) {
        this.source = source;
        this.nanoTime = nanoTime;
        this.maxSize = maxSize;
    }

    /** An index that never narrows (the database has its own, or other processes write it). */
    static CredentialSearchIndex off() {
        return new CredentialSearchIndex(null, System::nanoTime);
    }

    /**
     * The only ids that can match {@code q} (lower-cased, as the search compares it), possibly more; or that many
     * can ({@code q} shorter than three characters, or more candidates than testing them one by one is worth);
     * or nothing known (not built).
     */
    Candidates candidates(String q) {
        return candidates(q, MAX_CANDIDATES, 8);
    }

    /**
     * As {@link #candidates(String)}, listing up to {@code max} candidates: for a search read in one pass, whose
     * cost grows with them, where the alternative walks past every other row.
     */
    Candidates candidates(String q, int max) {
        return candidates(q, max, 1);
    }

    /** Listed up to {@code max} candidates and 1/{@code fraction} of the documents. */
    private Candidates candidates(String q, int max, int fraction) {
        if (source == null) {
            return Candidates.UNKNOWN;
        }
        Candidates found;
        lock.readLock().lock();
        try {
            found = current == null ? Candidates.UNKNOWN
                    : current.candidates(q, Math.min(max, current.documents() / fraction));
        } finally {
            lock.readLock().unlock();
        }
        rebuildIfDue();
        return found;
    }

    /**
     * The exact number of committed credentials whose search text contains {@code q} (lower-cased), when the index
     * can tell without the database testing every row: the matches in its last read of the table among the
     * credentials that no change has touched since, plus what {@code countAmong} (the database) says of those
     * touched ones. -1 when it cannot (not built, or too many changed since).
     */
    long count(String q, ToLongFunction<List<UUID>> countAmong) {
        if (source == null) {
            return -1;
        }
        long untouched;
        List<UUID> touched;
        lock.readLock().lock();
        try {
            if (current == null || current.touchedCount() > MAX_TOUCHED_FOR_COUNT) {
                return -1;
            }
            untouched = current.countUntouched(q);
            touched = current.touchedIds();
        } finally {
            lock.readLock().unlock();
        }
        if (untouched < 0) {
            return -1;
        }
        return untouched + (touched.isEmpty() ? 0 : countAmong.applyAsLong(touched));
    }

    /** A credential was written with this search text, in the caller's transaction (if any), not yet committed. */
    void added(UUID id, String text) {
        changed(new Change(id, text));
    }

    /**
     * A credential was deleted, in the caller's transaction (if any): its windows stay (harmless: the database
     * finds no row) until the next rebuild.
     */
    void removed(UUID id) {
        changed(new Change(id, null));
    }

    private void changed(Change change) {
        if (source == null) {
            return;
        }
        boolean inTransaction = TransactionSynchronizationManager.isSynchronizationActive();
        lock.writeLock().lock();
        try {
            if (inTransaction) {
                inFlight.add(change);
            }
            if (current != null) {
                if (change.text != null) {
                    current.add(change.id, change.text);
                }
                current.touched(change.id);
            }
            if (current != null && current.size() > maxSize) {
                log.warn("Credential search index dropped (more than {} (window, credential) pairs); searches test"
                        + " every row", maxSize);
                current = null;
                tooLarge = true;
            }
            if (rebuildLog != null) {
                rebuildLog.add(change);
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (inTransaction) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    inFlight.remove(change);
                    if (status != STATUS_COMMITTED) {
                        staled();
                    }
                }
            });
        }
        staled();
    }

    private void staled() {
        lock.writeLock().lock();
        try {
            stale++;
        } finally {
            lock.writeLock().unlock();
        }
        rebuildIfDue();
    }

    private void rebuildIfDue() {
        boolean due;
        lock.readLock().lock();
        try {
            due = running && !tooLarge && rebuildLog == null
                    && (!failed || nanoTime.getAsLong() - failedAt > RETRY_NANOS)
                    && (current == null || stale > Math.max(MIN_STALE_FOR_REBUILD, current.documents() / 4)
                            || current.touchedCount() > MAX_TOUCHED_FOR_COUNT);
        } finally {
            lock.readLock().unlock();
        }
        if (due) {
            startRebuild();
        }
    }

    private void startRebuild() {
        lock.writeLock().lock();
        try {
            if (rebuildLog != null) {
                return;
            }
            // Changes not committed yet may commit after the read below has passed their rows: take them too.
            rebuildLog = new ConcurrentLinkedQueue<>(inFlight);
        } finally {
            lock.writeLock().unlock();
        }
        Thread builder = new Thread(this::rebuild, "cofre-credential-search-index");
        builder.setDaemon(true);
        builder.start();
    }

    /** Reads the table into new postings, then adds every change logged meanwhile and swaps them in. */
    private void rebuild() {
        long started = nanoTime.getAsLong();
        TrigramPostings next = new TrigramPostings();
        long staleBefore;
        lock.readLock().lock();
        try {
            staleBefore = stale;
        } finally {
            lock.readLock().unlock();
        }
        try {
            source.forEach((id, text) -> {
                if (!running) {
                    throw new Stopped();
                }
                next.add(id, text);
                if (next.size() > maxSize) {
                    throw new TooLarge(maxSize);
                }
            });
        } catch (RuntimeException e) {
            lock.writeLock().lock();
            try {
                rebuildLog = null;
                failed();
                tooLarge |= e instanceof TooLarge;
            } finally {
                lock.writeLock().unlock();
            }
            if (running) {
                // Our own reason, or the exception's class only: a driver's message may quote connection settings.
                log.warn("Credential search index not built ({}); searches test every row",
                        e instanceof TooLarge ? e.getMessage() : e.getClass().getName());
            }
            return;
        }
        next.compact();
        int documents;
        long size;
        lock.writeLock().lock();
        try {
            for (Change change : rebuildLog) {
                if (change.text != null) {
                    next.add(change.id, change.text);
                }
                next.touched(change.id);
            }
            rebuildLog = null;
            current = next;
            stale -= staleBefore;
            failed = false;
            documents = next.documents();
            size = next.size();
        } finally {
            lock.writeLock().unlock();
        }
        log.info("Credential search index built: {} credentials, {} (window, credential) pairs, in {} ms",
                documents, size, (nanoTime.getAsLong() - started) / 1_000_000);
    }

    private void failed() {
        failed = true;
        failedAt = nanoTime.getAsLong();
    }

    /** Built and narrowing searches (for tests and the log). */
    boolean ready() {
        lock.readLock().lock();
        try {
            return current != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void start() {
        if (source == null) {
            return;
        }
        running = true;
        rebuildIfDue();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Texts of changes not yet committed or rolled back (tests). */
    int inFlight() {
        return inFlight.size();
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge(long maxSize) {
            super("more than " + maxSize + " (window, credential) pairs", null, false, false);
        }
    }
}
