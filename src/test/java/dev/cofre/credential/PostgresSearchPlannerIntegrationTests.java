package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import dev.cofre.credential.SearchPlanner.Plan;
import dev.cofre.policy.CredentialScope;
import dev.cofre.support.CofreServerTests;

/**
 * On a real PostgreSQL: the planner's estimate tells a search most rows match from one few do, a medium search
 * takes one pass unless it matches a quarter of the table, and a broad search's statements run read-only with plans
 * made for the text searched for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSearchPlannerIntegrationTests extends CofreServerTests {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        useFreshDataDir(registry, "search-planner-pg");
        usePostgres(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    private PostgresSearchPlanner planner;

    @Autowired
    CredentialRepository repository;

    @BeforeAll
    void manyCredentials() {
        // plan-0001 .. plan-3000; the last 300 are also "tail%_\" (LIKE's own characters, which must match only
        // themselves): clustered at the end of the name order.
        jdbc.sql("""
                INSERT INTO credentials (id, name, name_key, type, search_text, created_at, updated_at, version)
                SELECT gen_random_uuid(), 'plan-' || lpad(g::text, 4, '0'), 'plan-' || lpad(g::text, 4, '0'),
                       'other', 'plan-' || lpad(g::text, 4, '0') || chr(10) || 'other'
                       || CASE WHEN g > 2700 THEN chr(10) || 'tail%_\\' ELSE '' END,
                       now(), now(), 0
                FROM generate_series(1, 3000) g""").update();
        jdbc.sql("UPDATE credential_count SET total = total + 3000 WHERE slot = 0").update();
        jdbc.sql("ANALYZE credentials").update();
        planner = new PostgresSearchPlanner(jdbc, transactions);
    }

    @Test
    void theEstimateTellsASearchMostCredentialsMatchFromOneFewDo() {
        LongSupplier stored = () -> 3000;
        assertThat(planner.plan("%plan-%", 20, stored)).as("every row").isEqualTo(Plan.INDEX_ORDER);
        assertThat(planner.plan("%other%", 20, stored)).as("every row").isEqualTo(Plan.INDEX_ORDER);
        assertThat(planner.plan("%plan-2917%", 20, stored)).as("one row").isEqualTo(Plan.ONE_PASS);
        assertThat(planner.plan("%nothing-like-it%", 20, stored)).as("no row").isEqualTo(Plan.ONE_PASS);
        assertThat(planner.plan("%'; drop table credentials; --%", 20, stored)).as("a hostile text, bound")
                .isEqualTo(Plan.ONE_PASS);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM credentials").query(Long.class).single()).isEqualTo(3000);
    }

    @Test
    void aMediumSearchIsProbedWhileItsPageIsNearInTheSortElseTakesOnePass() {
        AtomicInteger asked = new AtomicInteger();
        LongSupplier thousand = counted(asked, 1_000);
        LongSupplier threeThousand = counted(asked, 3_000);
        LongSupplier hundredThousand = counted(asked, 100_000);
        LongSupplier million = counted(asked, 1_000_000);

        // 300 of 3,000: evenly spaced, 20 matches lie within 200 rows of the sort, a probe reads up to 4 times that.
        Plan near = planner.plan("%tail%", 20, threeThousand);
        assertThat(near.indexOrder()).isFalse();
        assertThat(near.probe()).isBetween(600L, 1_200L);
        assertThat(planner.plan("%tail%", 2_000, threeThousand)).as("a deep page").isEqualTo(Plan.ONE_PASS);
        assertThat(planner.plan("%tail%", 20, thousand)).as("300 of 1,000").isEqualTo(Plan.INDEX_ORDER);
        assertThat(planner.plan("%plan-%", 20, hundredThousand).probe()).as("3,000 of 100,000")
                .isBetween(2_000L, 4_000L);
        assertThat(planner.plan("%plan-%", 20, million)).as("3,000 of a million: too far to probe")
                .isEqualTo(Plan.ONE_PASS);
        assertThat(asked).hasValue(5);
        assertThat(planner.plan("%plan-0029%", 20, million)).as("ten: one pass, no count asked")
                .isEqualTo(Plan.ONE_PASS);
        assertThat(asked).hasValue(5);
    }

    private static LongSupplier counted(AtomicInteger asked, long stored) {
        return () -> {
            asked.incrementAndGet();
            return stored;
        };
    }

    @Test
    void aClusterAtTheEndOfTheSortPagesInOrderWithItsExactTotalEitherWay() {
        // Ascending, the probe finds no match among its rows and the one pass reads the page; descending, the
        // cluster comes first and the probe's rows hold the first pages.
        List<String> tail = new ArrayList<>();
        for (int g = 2701; g <= 3000; g++) {
            tail.add(String.format("plan-%04d", g));
        }
        for (boolean descending : new boolean[] {false, true}) {
            List<String> expected = new ArrayList<>(tail);
            if (descending) {
                Collections.reverse(expected);
            }
            List<String> read = new ArrayList<>();
            for (int page = 0; page < 16; page++) {
                CredentialPage got = repository.page(new CredentialQuery("il%_\\", CredentialQuery.Sort.NAME,
                        descending, page, 20), CredentialScope.everything());
                assertThat(got.total()).as("page %d", page).isEqualTo(300);
                got.items().forEach(c -> read.add(c.name()));
            }
            assertThat(read).as(descending ? "descending" : "ascending").isEqualTo(expected);
        }
        assertThat(repository.page(new CredentialQuery("il__\\", CredentialQuery.Sort.NAME, false, 0, 20),
                CredentialScope.everything()).total()).as("'_' only matches itself").isZero();
    }

    @Test
    void aSearchRunsReadOnlyWithPlansForItsValuesAndLeavesTheConnectionAsItWas() {
        String inside = planner.run(() -> jdbc.sql("SELECT current_setting('plan_cache_mode')")
                .query(String.class).single());

        assertThat(inside).isEqualTo("force_custom_plan");
        assertThatThrownBy(() -> planner.run(() -> jdbc.sql("DELETE FROM credentials").update()))
                .isInstanceOf(DataAccessException.class);
        for (int i = 0; i < 12; i++) { // every pooled connection, after the runs above
            assertThat(jdbc.sql("SELECT current_setting('plan_cache_mode')").query(String.class).single())
                    .isEqualTo("auto");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM credentials").query(Long.class).single()).isEqualTo(3000);
    }
}
