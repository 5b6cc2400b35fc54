package dev.cofre.credential;

import java.util.List;

/** One page of credentials and the total number matching the query. */
public record CredentialPage(List<Credential> items, int page, int size, long total) {

    public int totalPages() {
        return (int) ((total + size - 1) / size);
    }
}
