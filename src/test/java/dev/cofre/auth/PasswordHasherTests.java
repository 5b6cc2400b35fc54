package dev.cofre.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class PasswordHasherTests {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashMatchesItsPasswordOnly() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$").doesNotContain("correct horse");
        assertThat(hasher.matches("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.matches("correct horse battery stapl", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
    }

    @Test
    void anUnknownUserMatchesNoPasswordNotEvenTheEmptyOne() {
        for (String password : new String[] {"", "decoy-password-for-unknown-users", "admin", "x".repeat(1024)}) {
            assertThat(hasher.matches(password, null)).as(password).isFalse();
        }
    }

    @Test
    void concurrentFirstChecksOfUnknownUsersAllFail() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] checks = new Future<?>[8];
            for (int i = 0; i < checks.length; i++) {
                checks[i] = pool.submit(() -> hasher.matches("guess", null));
            }
            for (Future<?> check : checks) {
                assertThat(check.get()).isEqualTo(false);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
