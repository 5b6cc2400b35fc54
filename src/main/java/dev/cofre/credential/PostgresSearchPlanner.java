package dev.cofre.credential;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Searches on PostgreSQL, planned for the text searched for. The planner estimates a {@code LIKE '%q%'} from the
 * column's statistics, but only when it plans with the value: after five runs of the same statement text it may
 * keep a generic plan, which assumes 500 matches whatever the text (measured at 100,000 credentials: counting "s"
 * through the trigram index, 95-280 ms, against a 24-40 ms scan; the pool's statements are prepared on the server).
 * An {@code EXPLAIN} is planned with its values each time; a search that many credentials match, or that is probed,
 * runs in a read-only transaction that asks for plans made with the values. Other searches keep cached plans: a
 * generic plan suits them, and planning each one again cost 2-3 ms at 1,000 credentials.
 */
final class PostgresSearchPlanner implements SearchPlanner {

    /** The top plan node's "rows=N" (e.g. "Seq Scan on credentials c  (cost=0.00..3.25 rows=100 width=4)"). */
    private static final Pattern ESTIMATED_ROWS = Pattern.compile("\\brows=(\\d{1,18})\\b");
    /** plan_cache_mode exists from PostgreSQL 12 on. */
    private static final int PLAN_CACHE_MODE_SINCE = 120_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;
    private volatile Boolean planCacheMode;

    PostgresSearchPlanner(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** From the planner's estimate of the matches (see {@link Plan#of}). */
    @Override
    public Plan plan(String likePattern, long wanted, LongSupplier credentials) {
        return Plan.of(estimate(likePattern), wanted, credentials);
    }

    /** The planner's estimate of the matches, from one {@code EXPLAIN} (~0.5 ms, nothing read); 0 if none. */
    private long estimate(String likePattern) {
        String top = jdbc.sql("EXPLAIN SELECT 1 FROM credentials c WHERE c.search_text LIKE ? ESCAPE '\\'")
                .param(likePattern).query(String.class).list().get(0);
        Matcher rows = ESTIMATED_ROWS.matcher(top);
        return rows.find() ? Long.parseLong(rows.group(1)) : 0;
    }

    @Override
    public <T> T run(Supplier<T> search) {
        return readOnly.execute(status -> {
            if (planCacheMode()) {
                jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
            }
            return search.get();
        });
    }

    private boolean planCacheMode() {
        Boolean known = planCacheMode;
        if (known == null) {
            known = jdbc.sql("SELECT current_setting('server_version_num')").query(Integer.class).single()
                    >= PLAN_CACHE_MODE_SINCE;
            planCacheMode = known;
        }
        return known;
    }
}
