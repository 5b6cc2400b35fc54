package dev.cofre.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** {@code cofre.audit.*} refuses values it cannot honour, naming the property. */
class AuditPropertiesTests {

    private static final AuditProperties.Syslog NO_SYSLOG = new AuditProperties.Syslog(null, 514, "cofre");

    private static AuditProperties withCheckpoint(Duration interval) {
        return new AuditProperties(Duration.ofSeconds(5), NO_SYSLOG, interval);
    }

    @Test
    void checkpointIntervalFromZeroToOneDayIsAccepted() {
        assertThat(withCheckpoint(Duration.ZERO).checkpointInterval()).isZero();
        assertThat(withCheckpoint(Duration.ofDays(1)).checkpointInterval()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void negativeOrOverlongCheckpointIntervalIsRefusedNamingTheProperty() {
        for (Duration bad : new Duration[] {Duration.ofMillis(-1), Duration.ofDays(1).plusSeconds(1),
                Duration.ofDays(1).plusHours(23)}) {
            assertThatThrownBy(() -> withCheckpoint(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cofre.audit.checkpoint-interval");
        }
    }
}
