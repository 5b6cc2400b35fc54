package dev.cofre.credential;

import java.util.Locale;

import dev.cofre.common.InvalidInputException;

/** A page of the credential list: free-text search, sort column and direction, 0-based page, page size. */
public record CredentialQuery(String q, Sort sort, boolean descending, int page, int size) {

    public static final int MAX_SIZE = 200;
    private static final int MAX_QUERY_LENGTH = 200;

    public enum Sort {
        NAME("name_key", false), USERNAME("username", true), HOST("host", true), TYPE("type", false),
        UPDATED("updated_at", false);

        final String column;
        /** May be empty: empty values sort last in either direction. */
        final boolean nullable;

        Sort(String column, boolean nullable) {
            this.column = column;
            this.nullable = nullable;
        }

        public static Sort parse(String value) {
            if (value == null || value.isBlank()) {
                return NAME;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("sort", "unknown sort; accepted: name, username, host, type, updated");
            }
        }
    }

    public CredentialQuery {
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw new InvalidInputException("q", "search text is limited to " + MAX_QUERY_LENGTH + " characters");
        }
        if (page < 0 || page > 1_000_000) {
            throw new InvalidInputException("page", "page must be between 0 and 1000000");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputException("size", "size must be between 1 and " + MAX_SIZE);
        }
        q = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        sort = sort == null ? Sort.NAME : sort;
    }

    public static CredentialQuery firstPage(int size) {
        return new CredentialQuery(null, Sort.NAME, false, 0, size);
    }
}
