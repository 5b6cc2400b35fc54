package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class CandidateKeyOrderTests {

    /**
     * The one pass looks its candidates up in the primary key's own order, so that neighbours share index pages;
     * that order must be H2's, including UUIDs whose halves are negative as Java's signed longs.
     */
    @Test
    void candidatesAreSortedAsH2OrdersItsUuidKeys() {
        Random random = new Random(11);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        ids.add(new UUID(Long.MIN_VALUE, 0));
        ids.add(new UUID(-1, -1));
        ids.add(new UUID(0, Long.MIN_VALUE));
        ids.add(new UUID(0, 1));
        JdbcClient h2 = JdbcClient.create(new DriverManagerDataSource("jdbc:h2:mem:key-order", "sa", ""));
        List<UUID> h2Order = h2.sql("SELECT t.id FROM UNNEST(?) AS t(id) ORDER BY t.id")
                .param(ids.toArray(new UUID[0])).query(UUID.class).list();

        UUID[] ours = ids.toArray(new UUID[0]);
        Arrays.sort(ours, CredentialRepository.IN_KEY_ORDER);

        assertThat(ours).containsExactlyElementsOf(h2Order);
        assertThat(h2Order).isNotEqualTo(ids.stream().sorted().toList());
    }
}
