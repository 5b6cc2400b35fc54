package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.cofre.policy.CredentialScope;
import dev.cofre.support.CofreServerTests;

/**
 * On H2, an admin's search whose matches cluster at the end of the sort (a name prefix in name order) and are too
 * many for the search index's usual candidate list: the wider list plans a probe of the sort's first rows, else one
 * pass over the candidates, and either way the pages come in order with the exact total.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusteredSearchH2IntegrationTests extends CofreServerTests {

    private static final int STORED = 1_200;
    /** The last 250 names: more than 1/8 of the credentials (the usual list) and fewer than 1/4 (dense). */
    private static final int CLUSTER = 250;
    /** The cluster's text, with LIKE's own characters: they must match only themselves. */
    private static final String CLUSTERED = "e%_\\dge";

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "clustered-search-h2");
    }

    @Autowired
    CredentialRepository repository;

    @Autowired
    CredentialSearchIndex index;

    private final List<String> cluster = new ArrayList<>();

    @BeforeAll
    void credentials() throws InterruptedException {
        Instant now = Instant.now();
        for (int i = 1; i <= STORED; i++) {
            String name = String.format("node-%04d", i) + (i > STORED - CLUSTER ? "-" + CLUSTERED : "");
            repository.insert(new Credential(UUID.randomUUID(), name, CredentialType.OTHER, null, null, null, null,
                    null, List.of(), false, null, now, now, 0), null, null);
            if (i > STORED - CLUSTER) {
                cluster.add(name);
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!index.ready()) {
            assertThat(System.nanoTime()).as("index built within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void theClusterIsTooManyForTheUsualListButListedForOnePass() {
        assertThat(index.candidates(CLUSTERED).many()).isTrue();
        assertThat(index.candidates(CLUSTERED, 15_000).ids()).hasSize(CLUSTER);
        assertThat(SearchPlanner.Plan.of(CLUSTER, 20, () -> STORED).probe()).as("probed first").isPositive();
    }

    @Test
    void aClusterAtTheEndOfTheSortPagesInOrderWithItsExactTotalEitherWay() {
        // Ascending, the probe finds no match among its rows and the one pass reads the page; descending, the
        // cluster comes first and the probe's rows hold the first pages.
        for (boolean descending : new boolean[] {false, true}) {
            List<String> expected = new ArrayList<>(cluster);
            if (descending) {
                Collections.reverse(expected);
            }
            List<String> read = new ArrayList<>();
            for (int page = 0; page < 14; page++) {
                CredentialPage got = repository.page(new CredentialQuery(CLUSTERED, CredentialQuery.Sort.NAME,
                        descending, page, 20), CredentialScope.everything());
                assertThat(got.total()).as("page %d", page).isEqualTo(CLUSTER);
                got.items().forEach(c -> read.add(c.name()));
            }
            assertThat(read).as(descending ? "descending" : "ascending").isEqualTo(expected);
        }
        assertThat(repository.page(new CredentialQuery("e__\\dge", CredentialQuery.Sort.NAME, false, 0, 20),
                CredentialScope.everything()).total()).as("'_' only matches itself").isZero();
    }
}
