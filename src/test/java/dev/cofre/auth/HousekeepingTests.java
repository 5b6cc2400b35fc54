package dev.cofre.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import org.flywaydb.core.Flyway;

class HousekeepingTests {

    @Test
    void expiredTokensAndStaleCountersArePurgedWhileLiveOnesStay() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:housekeeping;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        UUID user = UUID.randomUUID();
        jdbc.sql("INSERT INTO users (id, username, password_hash, created_at, updated_at) VALUES (?, 'u', 'h', ?, ?)")
                .params(user, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)).update();
        ApiTokens tokens = new ApiTokens(jdbc, Clock.fixed(now.minus(Duration.ofDays(3)), ZoneOffset.UTC));
        tokens.issue(user, "api", Duration.ofHours(1));
        ApiTokens.Issued live = new ApiTokens(jdbc, clock).issue(user, "api", Duration.ofHours(1));
        jdbc.sql("INSERT INTO login_attempts (attempt_key, failures, first_failure_at) VALUES ('old', 3, ?), ('new', 1, ?)")
                .params(now.minus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)).update();

        new Housekeeping(new ApiTokens(jdbc, clock), jdbc, clock).purge();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_tokens").query(Long.class).single()).isEqualTo(1);
        assertThat(new ApiTokens(jdbc, clock).resolve(live.token())).isPresent();
        assertThat(jdbc.sql("SELECT attempt_key FROM login_attempts").query(String.class).list()).containsExactly("new");
    }
}
