package dev.cofre.credential;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cofre.credential-cache.*}: how many credential rows a node keeps ({@code 0} turns the cache off) and how
 * long one may be kept at most (a last bound: a change reaches every node's cache at its commit, and on PostgreSQL
 * within 3 s at worst, see {@link CredentialCache}).
 */
@ConfigurationProperties("cofre.credential-cache")
public record CredentialCacheProperties(@DefaultValue(DEFAULT_MAX_ENTRIES) int maxEntries,
                                        @DefaultValue("60s") Duration ttl) {

    static final String DEFAULT_MAX_ENTRIES = "10000";

    public CredentialCacheProperties {
        if (maxEntries < 0 || maxEntries > 1_000_000) {
            throw new IllegalArgumentException("cofre.credential-cache.max-entries must be between 0 and 1000000");
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("cofre.credential-cache.ttl must be between 1s and 1h");
        }
    }
}
