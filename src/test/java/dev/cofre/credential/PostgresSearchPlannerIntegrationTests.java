package dev.cofre.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import dev.cofre.support.CofreServerTests;

/**
 * On a real PostgreSQL: the planner's estimate tells a search most rows match from one few do, and a search's
 * statements run read-only with plans made for the text searched for.
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

    @BeforeAll
    void manyCredentials() {
        jdbc.sql("""
                INSERT INTO credentials (id, name, name_key, type, search_text, created_at, updated_at, version)
                SELECT gen_random_uuid(), 'plan-' || g, 'plan-' || g, 'other', 'plan-' || g || chr(10) || 'other',
                       now(), now(), 0
                FROM generate_series(1, 3000) g""").update();
        jdbc.sql("ANALYZE credentials").update();
        planner = new PostgresSearchPlanner(jdbc, transactions);
    }

    @Test
    void theEstimateTellsASearchMostCredentialsMatchFromOneFewDo() {
        assertThat(planner.many("%plan-%")).as("every row").isTrue();
        assertThat(planner.many("%other%")).as("every row").isTrue();
        assertThat(planner.many("%plan-2917%")).as("one row").isFalse();
        assertThat(planner.many("%nothing-like-it%")).as("no row").isFalse();
        assertThat(planner.many("%'; drop table credentials; --%")).as("a hostile text, bound").isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM credentials").query(Long.class).single()).isEqualTo(3000);
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
