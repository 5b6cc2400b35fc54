package dev.cofre.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseUrlTests {

    @Test
    void onlyAnH2DatabaseNoOtherProcessCanWriteIsEmbedded() {
        assertThat(DatabaseUrl.embeddedH2("jdbc:h2:file:./data/cofre;DB_CLOSE_ON_EXIT=FALSE")).isTrue();
        assertThat(DatabaseUrl.embeddedH2("jdbc:h2:./data/cofre")).isTrue();
        assertThat(DatabaseUrl.embeddedH2("jdbc:h2:mem:x")).isTrue();
        assertThat(DatabaseUrl.embeddedH2("jdbc:h2:tcp://db:9092/cofre")).isFalse();
        assertThat(DatabaseUrl.embeddedH2("jdbc:h2:ssl://db:9092/cofre")).isFalse();
        assertThat(DatabaseUrl.embeddedH2("jdbc:h2:file:/d/cofre;AUTO_SERVER=TRUE")).isFalse();
        assertThat(DatabaseUrl.embeddedH2("jdbc:h2:file:/d/cofre;auto_server = true")).isFalse();
        assertThat(DatabaseUrl.embeddedH2("jdbc:postgresql://db/cofre")).isFalse();
        assertThat(DatabaseUrl.embeddedH2(null)).isFalse();
    }

    @Test
    void postgresIsRecognisedByItsDriversPrefix() {
        assertThat(DatabaseUrl.postgres("jdbc:postgresql://db/cofre")).isTrue();
        assertThat(DatabaseUrl.postgres("jdbc:postgresql:cofre")).isTrue();
        assertThat(DatabaseUrl.postgres("jdbc:mysql://db/cofre")).isFalse();
        assertThat(DatabaseUrl.postgres("jdbc:h2:mem:postgresql")).isFalse();
        assertThat(DatabaseUrl.postgres(null)).isFalse();
    }
}
