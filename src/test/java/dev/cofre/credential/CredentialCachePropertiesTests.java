package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CredentialCachePropertiesTests {

    static CredentialCacheProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("cofre.credential-cache", CredentialCacheProperties.class);
    }

    @Test
    void defaultsKeepTenThousandRowsForAMinuteAtMost() {
        CredentialCacheProperties p = bind(Map.of());
        assertThat(p.maxEntries()).isEqualTo(10_000);
        assertThat(p.ttl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void zeroEntriesIsAllowedAndMeansOff() {
        assertThat(bind(Map.of("cofre.credential-cache.max-entries", "0")).maxEntries()).isZero();
    }

    @Test
    void outOfRangeOrMalformedSettingsStopTheStartNamingTheSetting() {
        for (Map<String, String> bad : java.util.List.of(
                Map.of("cofre.credential-cache.max-entries", "-1"),
                Map.of("cofre.credential-cache.max-entries", "1000001"),
                Map.of("cofre.credential-cache.max-entries", "lots"),
                Map.of("cofre.credential-cache.ttl", "0s"),
                Map.of("cofre.credential-cache.ttl", "2h"),
                Map.of("cofre.credential-cache.ttl", "-5s"),
                Map.of("cofre.credential-cache.ttl", "soon"))) {
            assertThatThrownBy(() -> bind(bad)).as(bad.toString()).isInstanceOf(BindException.class)
                    .hasMessageContaining("cofre.credential-cache");
        }
    }
}
