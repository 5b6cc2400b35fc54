package dev.cofre.credential;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the database needs to plan a credential search well. Only chooses plans: every plan finds the same rows and
 * the same exact total.
 */
interface SearchPlanner {

    /**
     * How to read an admin's search page when the {@link CredentialSearchIndex} has not said.
     *
     * @param wanted the matches up to the page's end (offset + size)
     * @param credentials how many credentials are stored, asked only when the answer depends on it
     */
    Plan plan(String likePattern, long wanted, LongSupplier credentials);

    /** Runs the statements of a search planned {@linkplain Plan#indexOrder in index order} or with a probe. */
    <T> T run(Supplier<T> search);

    /**
     * How a search page is read.
     *
     * @param indexOrder so many credentials match that the page is best read in the sort's index order, testing
     *         each row, and counted apart
     * @param probe otherwise: first read the page among this many rows in the sort's index order (0: do not),
     *         which is enough when the matches are spread along the sort; else find, count and sort the matches in
     *         one pass
     */
    record Plan(boolean indexOrder, long probe) {

        static final Plan ONE_PASS = new Plan(false, 0);
        static final Plan INDEX_ORDER = new Plan(true, 0);

        /**
         * Searches matching at most this many credentials are found, counted and sorted in one pass, at a cost
         * that grows with the matches only (at 100,000 credentials, PostgreSQL through its trigram index: 1,000
         * matches 15-23 ms, 10,000 matches 27-29 ms, 22,000 matches 57-63 ms; H2 by the search index's candidate
         * ids), unless a {@linkplain #PROBE_AT_MOST probe} finds their page first. Reading the page in the sort's
         * index order is cheap when matches are spread along the sort, but it tests every row before the first
         * match: a name prefix sorted by name ("srv-098", 1,000 matches near the end) walked 98,000 rows,
         * PostgreSQL 30-54 ms plus an 11 ms count; "srv-09" (10,000) took H2 150-250 ms.
         */
        static final int ONE_PASS_AT_MOST = 15_000;
        /** Fewer matches always take one pass, whatever the table's size (no count asked, no probe). */
        static final long ONE_PASS_ALWAYS = 200;
        /**
         * Above 1/4 of the rows, matches are dense enough along any sort that its index gives a page after a few
         * dozen rows, and walking past a cluster of non-matches costs at most 3/4 of a scan.
         */
        static final int DENSE_FRACTION = 4;
        /**
         * Rows of the sort's index a probe may read (PostgreSQL ~3-5 ms at 100,000 credentials). Matches spread
         * along the sort fill the page within {@link #PROBE_MARGIN} times the rows they would need if evenly
         * spaced; then the page costs little more than its count (10,000 matches on PostgreSQL: ~20 ms instead of
         * 29-41 ms in one pass). Clustered matches (a name prefix sorted by name) fail it and take the one pass.
         */
        static final long PROBE_AT_MOST = 10_000;
        static final int PROBE_MARGIN = 4;

        /**
         * The plan for a search matching about {@code matches} credentials (an estimate, or an upper bound).
         *
         * @param wanted the matches up to the page's end (offset + size)
         * @param credentials how many credentials are stored, asked only when the answer depends on it
         */
        static Plan of(long matches, long wanted, LongSupplier credentials) {
            if (matches <= ONE_PASS_ALWAYS) {
                return ONE_PASS;
            }
            if (matches > ONE_PASS_AT_MOST) {
                return INDEX_ORDER;
            }
            long stored = credentials.getAsLong();
            if (matches > stored / DENSE_FRACTION) {
                return INDEX_ORDER;
            }
            double probe = (double) PROBE_MARGIN * wanted * stored / matches;
            return probe <= PROBE_AT_MOST ? new Plan(false, (long) Math.ceil(probe)) : ONE_PASS;
        }
    }

    /** Nothing to add (H2): the search index's candidates plan its searches. */
    static SearchPlanner none() {
        return new SearchPlanner() {
            @Override
            public Plan plan(String likePattern, long wanted, LongSupplier credentials) {
                return Plan.ONE_PASS;
            }

            @Override
            public <T> T run(Supplier<T> search) {
                return search.get();
            }
        };
    }
}
