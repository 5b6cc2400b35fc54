package dev.cofre.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hourly clean-up of rows that only matter for a while: expired API tokens, stale login-failure counters and
 * used MFA steps. Every statement is an idempotent DELETE, so several nodes running it at once is harmless and
 * no cluster-wide lock is needed.
 */
@Component
class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final ApiTokens tokens;
    private final JdbcClient jdbc;
    private final Clock clock;

    Housekeeping(ApiTokens tokens, JdbcClient jdbc, Clock clock) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void purge() {
        var cutoff = clock.instant().minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC);
        int expired = tokens.purgeExpired();
        int attempts = jdbc.sql("DELETE FROM login_attempts WHERE first_failure_at < ? "
                + "AND (locked_until IS NULL OR locked_until < ?)").params(cutoff, cutoff).update();
        int steps = jdbc.sql("DELETE FROM mfa_used_codes WHERE used_at < ?").params(cutoff).update();
        log.debug("Housekeeping removed {} expired tokens, {} login counters, {} used MFA steps", expired, attempts,
                steps);
    }
}
