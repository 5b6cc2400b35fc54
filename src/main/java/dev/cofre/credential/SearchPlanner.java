package dev.cofre.credential;

import java.util.function.Supplier;

/**
 * What the database needs to plan a credential search well. Only chooses plans: every plan finds the same rows and
 * the same exact total.
 */
interface SearchPlanner {

    /**
     * Whether an admin's search is likely to match so many credentials that its page is best read in the sort's
     * index order and counted apart, rather than found, counted and sorted in one pass; asked when the
     * {@link CredentialSearchIndex} has not said.
     */
    boolean many(String likePattern);

    /** Runs the statements of a search that {@linkplain #many many} credentials match. */
    <T> T run(Supplier<T> search);

    /** Nothing to add (H2): one-pass plans unless the search index says many. */
    static SearchPlanner none() {
        return new SearchPlanner() {
            @Override
            public boolean many(String likePattern) {
                return false;
            }

            @Override
            public <T> T run(Supplier<T> search) {
                return search.get();
            }
        };
    }
}
