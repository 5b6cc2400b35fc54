package dev.cofre.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cofre.audit.*}: how long a request waits for its record to be committed before it is refused (503),
 * optional forwarding of each record to a syslog collector (RFC 5424 over UDP) for SIEMs, and on embedded H2 how
 * often the database is forced to disk so that the audit journal can be emptied (at the latest; also when idle).
 */
@ConfigurationProperties("cofre.audit")
public record AuditProperties(@DefaultValue("5s") Duration writeTimeout, @DefaultValue Syslog syslog,
                              @DefaultValue("1s") Duration checkpointInterval) {

    public record Syslog(String host, @DefaultValue("514") int port, @DefaultValue("cofre") String appName) {

        public Syslog {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("cofre.audit.syslog.port must be between 1 and 65535");
            }
        }

        boolean enabled() {
            return host != null && !host.isBlank();
        }
    }

    public AuditProperties {
        if (writeTimeout.isNegative() || writeTimeout.isZero() || writeTimeout.toSeconds() > 60) {
            throw new IllegalArgumentException("cofre.audit.write-timeout must be between 1ms and 60s");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("cofre.audit.checkpoint-interval must be between 0s and 1d");
        }
    }
}
