package dev.cofre.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cofre.runtime.*}: how the server treats the JVM it runs in (see {@link IdleMemory}).
 *
 * @param returnIdleMemory       shrink the heap after start-up and when idle (only JVM options left at their
 *                               defaults are changed)
 * @param idleCollectionInterval with no collection for this long, G1 runs one and returns memory; 0 turns it off
 */
@ConfigurationProperties("cofre.runtime")
public record RuntimeProperties(@DefaultValue("true") boolean returnIdleMemory,
        @DefaultValue("2m") Duration idleCollectionInterval) {

    public RuntimeProperties {
        if (idleCollectionInterval.isNegative()) {
            throw new IllegalArgumentException("cofre.runtime.idle-collection-interval must not be negative");
        }
    }
}
