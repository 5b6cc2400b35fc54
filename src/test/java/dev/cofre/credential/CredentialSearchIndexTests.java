package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The index's consistency rules against a table it reads through {@link CredentialSearchIndex.Source}: what
 * changes while it is built, in flight or after, is never missing; what is stale goes at the next rebuild.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialSearchIndexTests {

    /** The table: id → search text, read row by row; a hook runs after each row read. */
    private final Map<UUID, String> table = new ConcurrentHashMap<>();
    private volatile Runnable afterRow = () -> { };
    private final AtomicInteger reads = new AtomicInteger();
    private final CredentialSearchIndex.Source source = each -> {
        reads.incrementAndGet();
        for (Map.Entry<UUID, String> row : Map.copyOf(table).entrySet()) {
            each.accept(row.getKey(), row.getValue());
            afterRow.run();
        }
    };
    private CredentialSearchIndex index;

    @AfterEach
    void stop() {
        if (index != null) {
            index.stop();
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void narrowsNothingUntilBuiltThenFindsTheTableRows() throws Exception {
        UUID db = row("prod-db-01\nroot\ndb1.example.com");
        fillTo(40);
        index = new CredentialSearchIndex(source, System::nanoTime);

        assertThat(index.candidates("prod-db")).as("not started").isEqualTo(Candidates.UNKNOWN);
        index.start();
        awaitReady();

        assertThat(index.candidates("prod-db").ids()).containsExactly(db);
        assertThat(index.candidates("nothing-like-it").ids()).isEmpty();
        assertThat(index.candidates("db")).as("shorter than a window").isEqualTo(Candidates.MANY);
        assertThat(index.candidates("filler")).as("more candidates than documents / 8").isEqualTo(Candidates.MANY);
    }

    @Test
    void aChangeMadeWhileTheTableIsReadIsFound() throws Exception {
        fillTo(40);
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        afterRow = () -> {
            readStarted.countDown();
            await(changed);
        };
        index = new CredentialSearchIndex(source, System::nanoTime);
        index.start();
        assertThat(readStarted.await(10, TimeUnit.SECONDS)).isTrue();

        UUID id = UUID.randomUUID(); // committed after the read began: not in what the read returns
        index.added(id, "late-arrival");
        afterRow = () -> { };
        changed.countDown();
        awaitReady();

        assertThat(index.candidates("late-arrival").ids()).containsExactly(id);
    }

    @Test
    void aChangeInFlightWhenTheRebuildStartsIsFoundAndForgottenAtItsEnd() throws Exception {
        fillTo(40);
        index = new CredentialSearchIndex(source, System::nanoTime);
        TransactionSynchronizationManager.initSynchronization();
        UUID id = UUID.randomUUID();
        index.added(id, "in-flight-text"); // its commit comes after the rebuild's read: the read misses it

        index.start();
        awaitReady();

        assertThat(index.candidates("in-flight-text").ids()).containsExactly(id);
        assertThat(index.inFlight()).isEqualTo(1);
        List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
        synchronizations.forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
        assertThat(index.inFlight()).isZero();
    }

    @Test
    void enoughChangesRebuildItWithoutTheOldWindows() throws Exception {
        UUID renamed = row("old-name-here");
        fillTo(40);
        index = new CredentialSearchIndex(source, System::nanoTime);
        index.start();
        awaitReady();
        assertThat(index.candidates("old-name-here").ids()).containsExactly(renamed);

        table.put(renamed, "new-name-here");
        index.added(renamed, "new-name-here");
        assertThat(index.candidates("old-name-here").ids()).as("a superset until rebuilt").containsExactly(renamed);
        int readsBefore = reads.get();
        for (int i = 0; i < CredentialSearchIndex.MIN_STALE_FOR_REBUILD; i++) {
            index.removed(UUID.randomUUID());
        }
        awaitTrue(() -> reads.get() > readsBefore
                && index.candidates("old-name-here").equals(Candidates.of(List.of())));

        assertThat(index.candidates("new-name-here").ids()).containsExactly(renamed);
    }

    @Test
    void aFailedReadLeavesSearchesScanningAndLogsNoDriverMessage(CapturedOutput output) throws Exception {
        CredentialSearchIndex.Source failing = each -> {
            throw new IllegalStateException("connection to jdbc:h2:file:/secret/place;PASSWORD=hunter2 lost");
        };
        index = new CredentialSearchIndex(failing, System::nanoTime);
        index.start();

        awaitTrue(() -> output.getOut().contains("Credential search index not built"));
        assertThat(index.ready()).isFalse();
        assertThat(index.candidates("anything")).isEqualTo(Candidates.UNKNOWN);
        assertThat(output.getOut()).contains("java.lang.IllegalStateException").doesNotContain("hunter2")
                .doesNotContain("/secret/place");
    }

    @Test
    void aTablePastTheSizeBoundIsSearchedByScanAndNotReadAgain(CapturedOutput output) throws Exception {
        fillTo(40);
        index = new CredentialSearchIndex(source, System::nanoTime, 50);
        index.start();

        awaitTrue(() -> output.getOut().contains("more than 50 (window, credential) pairs"));
        assertThat(index.ready()).isFalse();
        int readsSoFar = reads.get();
        for (int i = 0; i < CredentialSearchIndex.MIN_STALE_FOR_REBUILD + 1; i++) {
            index.removed(UUID.randomUUID());
        }
        assertThat(index.candidates("filler")).isEqualTo(Candidates.UNKNOWN);
        Thread.sleep(200);
        assertThat(reads.get()).isEqualTo(readsSoFar);
    }

    @Test
    void theOffIndexNarrowsNothingAndReadsNothing() {
        CredentialSearchIndex off = CredentialSearchIndex.off();
        off.start();
        off.added(UUID.randomUUID(), "some-text");

        assertThat(off.candidates("some-text")).isEqualTo(Candidates.UNKNOWN);
        assertThat(off.isRunning()).isFalse();
    }

    @Test
    void countsInMemoryOnceBuiltAndAsksTheDatabaseOnlyAboutTheCredentialsChangedSince() throws Exception {
        fillTo(40);
        index = new CredentialSearchIndex(source, System::nanoTime);
        assertThat(index.count("filler", among("filler"))).as("not built").isEqualTo(-1);
        index.start();
        awaitReady();

        assertThat(index.count("filler", ids -> {
            throw new AssertionError("nothing changed: no question for the database");
        })).isEqualTo(40);
        assertThat(index.count("f", among("f"))).as("shorter than a window").isEqualTo(40);

        List<UUID> fillers = List.copyOf(table.keySet());
        UUID renamed = fillers.get(0);
        UUID deleted = fillers.get(1);
        table.put(renamed, "renamed");
        index.added(renamed, "renamed");
        table.remove(deleted);
        index.removed(deleted);
        UUID created = row("filler-new");
        index.added(created, "filler-new");
        List<List<UUID>> asked = new java.util.ArrayList<>();

        assertThat(index.count("filler", ids -> {
            asked.add(ids);
            return among("filler").applyAsLong(ids);
        })).isEqualTo(39);
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).containsExactlyInAnyOrder(renamed, deleted, created);
        assertThat(index.count("renamed", among("renamed"))).isEqualTo(1);
    }

    @Test
    void aChangeInFlightWhenTheRebuildStartsIsCountedByTheDatabase() throws Exception {
        fillTo(40);
        index = new CredentialSearchIndex(source, System::nanoTime);
        TransactionSynchronizationManager.initSynchronization();
        UUID id = UUID.randomUUID();
        index.added(id, "filler-in-flight"); // committed after the read: the read misses it

        index.start();
        awaitReady();
        table.put(id, "filler-in-flight");

        assertThat(index.count("filler", ids -> {
            assertThat(ids).containsExactly(id);
            return among("filler").applyAsLong(ids);
        })).isEqualTo(41);
    }

    @Test
    void tooManyChangedCredentialsLeaveTheCountToTheDatabaseUntilRebuilt() throws Exception {
        fillTo(4 * CredentialSearchIndex.MAX_TOUCHED_FOR_COUNT + 4_000); // stale changes alone start no rebuild
        index = new CredentialSearchIndex(source, System::nanoTime);
        index.start();
        awaitReady();
        int rows = table.size();
        CountDownLatch release = new CountDownLatch(1);
        afterRow = () -> await(release);
        int readsBefore = reads.get();

        for (int i = 0; i <= CredentialSearchIndex.MAX_TOUCHED_FOR_COUNT; i++) {
            index.removed(UUID.randomUUID());
        }
        awaitTrue(() -> reads.get() > readsBefore); // the rebuild reads, held
        assertThat(index.count("filler", among("filler"))).as("too many changed").isEqualTo(-1);
        afterRow = () -> { };
        release.countDown();

        awaitTrue(() -> index.count("filler", ids -> {
            throw new AssertionError("rebuilt: nothing changed since");
        }) == rows);
    }

    @Test
    void theOffIndexCountsNothing() {
        assertThat(CredentialSearchIndex.off().count("anything", among("anything"))).isEqualTo(-1);
    }

    /** What the database would say: how many of these credentials' texts contain {@code q}. */
    private java.util.function.ToLongFunction<List<UUID>> among(String q) {
        return ids -> ids.stream().map(table::get).filter(t -> t != null && t.contains(q)).count();
    }

    private UUID row(String text) {
        UUID id = UUID.randomUUID();
        table.put(id, text);
        return id;
    }

    private void fillTo(int rows) {
        while (table.size() < rows) {
            row("filler-" + table.size());
        }
    }

    private void awaitReady() throws InterruptedException {
        awaitTrue(() -> index.ready());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
