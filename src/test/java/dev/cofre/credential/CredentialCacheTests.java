package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CredentialCacheTests {

    private final AtomicLong now = new AtomicLong();
    private final CredentialCache cache = new CredentialCache(3, 1_000, 500, now::get);

    static CredentialRepository.Stored row(UUID id, long version) {
        Credential c = new Credential(id, "name-" + version, CredentialType.SSH, "root", "db1", 22, null, null,
                List.of(), false, null, Instant.EPOCH, Instant.EPOCH, version);
        return new CredentialRepository.Stored(c, null, null);
    }

    @Test
    void servesNothingUntilItCanHearChanges() {
        UUID id = UUID.randomUUID();
        cache.keep(row(id, 1), cache.stamp());
        assertThat(cache.get(id)).isEmpty();

        cache.serve();
        cache.keep(row(id, 1), cache.stamp());
        assertThat(cache.get(id)).map(s -> s.credential().version()).contains(1L);
    }

    @Test
    void aRowReadBeforeAChangeWasHeardIsNotKept() {
        cache.serve();
        UUID id = UUID.randomUUID();
        long stamp = cache.stamp();          // a request starts reading version 1 ...
        cache.changed(id);                   // ... another node commits version 2 and its notification arrives ...
        cache.keep(row(id, 1), stamp);       // ... then the request tries to keep what it read
        assertThat(cache.get(id)).isEmpty();

        cache.keep(row(id, 2), cache.stamp());
        assertThat(cache.get(id)).map(s -> s.credential().version()).contains(2L);
    }

    @Test
    void aChangeToAnyCredentialRefusesRowsReadBeforeIt() {
        // One counter for all ids: simpler than per-id stamps, and changes are rare next to reads.
        cache.serve();
        UUID id = UUID.randomUUID();
        long stamp = cache.stamp();
        cache.changed(UUID.randomUUID());
        cache.keep(row(id, 1), stamp);
        assertThat(cache.get(id)).isEmpty();
    }

    @Test
    void aHeardChangeForgetsTheRow() {
        cache.serve();
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        cache.keep(row(id, 1), cache.stamp());
        cache.keep(row(other, 1), cache.stamp());
        cache.changed(id);
        assertThat(cache.get(id)).isEmpty();
        assertThat(cache.get(other)).isPresent();
        cache.changedAll();
        assertThat(cache.get(other)).isEmpty();
    }

    @Test
    void stoppingForgetsEverythingAndRefusesRowsUntilServingAgain() {
        cache.serve();
        UUID id = UUID.randomUUID();
        cache.keep(row(id, 1), cache.stamp());
        long stamp = cache.stamp();
        cache.stop();
        assertThat(cache.get(id)).isEmpty();
        cache.keep(row(id, 1), cache.stamp());
        assertThat(cache.size()).isZero();

        cache.serve();
        cache.keep(row(id, 1), stamp);       // read while stopped: may have missed a change
        assertThat(cache.get(id)).isEmpty();
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        cache.serve();
        UUID id = UUID.randomUUID();
        cache.keep(row(id, 1), cache.stamp());
        now.addAndGet(1_000);
        assertThat(cache.get(id)).isPresent();
        now.addAndGet(1);
        assertThat(cache.get(id)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void holdsAtMostItsMaximumNumberOfRows() {
        cache.serve();
        for (int i = 0; i < 10; i++) {
            cache.keep(row(UUID.randomUUID(), 1), cache.stamp());
        }
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void servingOnEchoesLastsOnlyWhileTheyKeepComing() {
        UUID id = UUID.randomUUID();
        cache.serveWhileHeard(now.get());
        cache.keep(row(id, 1), cache.stamp());
        now.addAndGet(500);
        assertThat(cache.get(id)).isPresent();
        now.addAndGet(1);                    // the last echo back was sent more than 500 ns ago
        assertThat(cache.get(id)).isEmpty();
        assertThat(cache.serving()).isFalse();
        cache.keep(row(UUID.randomUUID(), 1), cache.stamp());
        assertThat(cache.size()).isEqualTo(1);

        cache.heard(now.get() - 100);        // an echo sent 100 ns ago is back: everything before it was heard
        assertThat(cache.get(id)).isPresent();
        cache.heard(now.get() - 400);        // a late answer to an older echo does not move it back
        now.addAndGet(350);
        assertThat(cache.get(id)).isPresent();
        now.addAndGet(100);
        assertThat(cache.get(id)).isEmpty();
    }

    @Test
    void anOffCacheNeverServes() {
        CredentialCache off = CredentialCache.off();
        off.serve();
        UUID id = UUID.randomUUID();
        off.keep(row(id, 1), off.stamp());
        assertThat(off.get(id)).isEmpty();
        assertThat(off.serving()).isFalse();
    }

    @Test
    void aNotificationThatIsNotAnIdForgetsEverythingAndAnIdOnlyItsRow() {
        cache.serve();
        CredentialChangeListener listener = new CredentialChangeListener(null, cache);
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        cache.keep(row(id, 1), cache.stamp());
        cache.keep(row(other, 1), cache.stamp());
        listener.apply(id.toString());
        assertThat(cache.get(id)).isEmpty();
        assertThat(cache.get(other)).isPresent();
        for (String hostile : new String[] {null, "", "*", "not-a-uuid", id + "' OR 1=1", "x".repeat(8000),
                "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"}) {
            cache.keep(row(other, 1), cache.stamp());
            listener.apply(hostile);
            assertThat(cache.get(other)).as(String.valueOf(hostile).substring(0, Math.min(20,
                    String.valueOf(hostile).length()))).isEmpty();
        }
    }

    @Test
    void theListenersLoggedReasonNamesTheFailureWithoutTheDriversMessage() {
        java.sql.SQLException refused = new java.sql.SQLException("Connection to db:5432 refused, user=cofre", "08001");
        assertThat(CredentialChangeListener.reason(refused)).isEqualTo("SQLException, SQLState 08001");
        assertThat(CredentialChangeListener.reason(new IllegalStateException("jdbc:postgresql://db?password=x")))
                .isEqualTo("IllegalStateException");
        assertThat(CredentialChangeListener.reason(new CredentialChangeListener.EchoMissingException(3000)))
                .isEqualTo("no echo of this listener's own notification within 3000 ms");
    }
}
